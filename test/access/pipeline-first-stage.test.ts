/**
 * The pipeline's two-stage bootstrap (issue 12 §2 "Secret-free bootstrap"): a step's refusal for
 * missing credentials is answered with the file's first stage where the vendor declares one; a
 * refusal for wrong credentials never is; neither the first stage nor a cached hit of the whole
 * file reaches a request the step refuses. Uses the client-certificate step in `required` mode
 * (HTTP and TFTP carry no certificate), on the mtls-vendors fixture.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPhonePipeline, type AuthoriseStep, type PhonePipeline } from '../../src/access/pipeline.js';
import type { MissThrottle } from '../../src/access/throttle.js';
import { createClientCertStep } from '../../src/client-certs/step.js';
import { loadVendorTrust } from '../../src/client-certs/trust-store.js';
import type { Mac } from '../../src/domain/mac.js';
import { createMetrics } from '../../src/metrics.js';
import { isRefused, REFUSED, type Refused } from '../../src/provisioning/refusal.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import type { FetchRequest, RenderedFile } from '../../src/provisioning/types.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { User } from '../../src/domain/user.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { collectingLogger, tempDir } from '../certs/support.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { MTLS_VENDORS } from '../client-certs/support.js';

let tmp: ReturnType<typeof tempDir>;
let provisioning: ReturnType<typeof createProvisioningService>;
let user: User;
const misses: Refused[] = [];
/** A real throttle's interface, recording what it is told (the pipeline counts misses through it). */
const throttle: MissThrottle = { miss: async (_a, _p, refusal) => (misses.push(refusal), refusal) } as MissThrottle;

beforeEach(async () => {
  tmp = tempDir();
  misses.length = 0;
  const vendors = loadVendors(MTLS_VENDORS);
  const store = createMemoryStore();
  provisioning = createProvisioningService({
    store, registry: createVendorRegistry(vendors), renderer: createRenderer(vendors), logger: collectingLogger().logger, metrics: createMetrics(),
    server: { httpPort: 8080, httpsPort: 8443, defaultTimezone: 'UTC' },
  });
  user = makeUser({ extension_password: 'Sip-Secret-77' });
  await store.insertUser(user);
  await store.insertPhone(makePhone(user, { mac: '0a0b0c000021' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
  await store.insertPhone(makePhone(user, { mac: '0c0d0e000021' as Mac, vendor: 'bolt', model: 'B1', filename: 'bolt/B1' }));
});
afterEach(() => {
  provisioning.close();
  tmp.remove();
});

function pipelineWith(step: AuthoriseStep): PhonePipeline {
  return createPhonePipeline({ provisioning, admits: () => true, authorise: [step], bootstrap: provisioning.bootstrap, throttle });
}
const request = (filename: string, protocol: FetchRequest['protocol'] = 'http'): FetchRequest => ({
  folder: protocol === 'tftp' ? undefined : user.provision_token, filename, trustedSource: true, protocol, remoteAddress: '10.0.0.9', userAgent: '',
});
const text = (answer: RenderedFile | Refused) => (isRefused(answer) ? answer.refused : answer.body.toString('utf8'));

describe('first stage in the pipeline', () => {
  it('answers the first stage over HTTP and TFTP when certificates are required, and counts no miss', async () => {
    const pipeline = pipelineWith(createClientCertStep({ mode: 'required', registry: createVendorRegistry(loadVendors(MTLS_VENDORS)), trust: () => loadVendorTrust(tmp.dir) }));

    const http = await pipeline.run(request('acme0a0b0c000021.xml'));
    const tftp = await pipeline.run(request('acme0a0b0c000021.xml', 'tftp'));

    for (const answer of [http, tftp]) {
      expect(text(answer)).toContain('<acme-first-stage');
      expect(text(answer)).not.toContain('Sip-Secret-77');
    }
    expect(misses).toEqual([]);
  });

  it('refuses (403 reason, one miss) a vendor file without a first stage; the cached whole file never leaks past the step', async () => {
    const open = createPhonePipeline({ provisioning, admits: () => true });
    const warm = await open.run(request('bolt0C0D0E000021.cfg')); // the whole file is now cached
    const pipeline = pipelineWith(createClientCertStep({ mode: 'required', registry: createVendorRegistry(loadVendors(MTLS_VENDORS)), trust: () => loadVendorTrust(tmp.dir) }));

    const hit = pipeline.cached(request('bolt0C0D0E000021.cfg'));
    const answer = await pipeline.run(request('bolt0C0D0E000021.cfg'));

    expect(text(warm)).toContain('Sip-Secret-77');
    expect(hit).toBeUndefined();
    expect(answer).toEqual({ refused: 'forbidden', bootstrap: true });
    expect(misses.map((m) => m.refused)).toEqual(['forbidden']);
  });

  it('never answers the first stage to a refusal for wrong credentials', async () => {
    const wrong: AuthoriseStep = { name: 'wrong', check: () => REFUSED.forbidden };

    const answer = await pipelineWith(wrong).run(request('acme0a0b0c000021.xml'));

    expect(answer).toBe(REFUSED.forbidden);
  });
});
