/**
 * The secret-free first stage (two-stage bootstrap) of real vendor files (Yealink, Snom) and of
 * a careless template: rendered for the phone, with an https:// provisioning URL, and not one
 * secret of the user or phone record in its bytes.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PHONE_SECRETS, type Phone } from '../../src/domain/phone.js';
import { USER_SECRETS, type User } from '../../src/domain/user.js';
import { createMetrics } from '../../src/metrics.js';
import { createProvisioningService } from '../../src/provisioning/service.js';
import { isRefused } from '../../src/provisioning/refusal.js';
import type { FetchRequest, RenderedFile } from '../../src/provisioning/types.js';
import { createRenderer } from '../../src/render/renderer.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { loadVendors } from '../../src/vendors/load.js';
import { createVendorRegistry } from '../../src/vendors/registry.js';
import { collectingLogger } from '../certs/support.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { TEMPLATES } from '../helpers/vendor-render.js';

const LEAKY = fileURLToPath(new URL('../fixtures/mtls-leaky', import.meta.url));
const MACS: Record<string, string> = { snom: '000413a1b2c3', yealink: '001565a1b2c3', acme: '0a0b0ca1b2c3' };
let close = () => {};
afterEach(() => close());

async function setUp(templatesDir: string, vendor: string, model: string) {
  const vendors = loadVendors(templatesDir);
  const store = createMemoryStore();
  const provisioning = createProvisioningService({
    store, registry: createVendorRegistry(vendors), renderer: createRenderer(vendors), logger: collectingLogger().logger, metrics: createMetrics(),
    server: { httpPort: 8080, httpsPort: 8443, defaultTimezone: 'UTC' },
  });
  close = () => provisioning.close();
  const user = makeUser({ password: 'User-Login-Secret', voicemail_pin: '739182', extension_password: 'Sip-Secret-0815' });
  const phone = makePhone(user, { vendor, model, filename: `${vendor}/${model}`, password: 'Web-Secret-4711', mac: MACS[vendor] } as Partial<Phone>);
  await store.insertUser(user);
  await store.putNetwork({ ...(await store.getNetwork()), private_ipv4: '10.0.0.5' });
  await store.insertPhone(phone);
  const request = (filename: string): FetchRequest => ({ folder: user.provision_token, filename, trustedSource: true, protocol: 'http', remoteAddress: '10.0.0.9', userAgent: '' });
  const stages = async (filename: string) => {
    const whole = await provisioning.fetch(request(filename));
    if (isRefused(whole)) throw new Error(`refused: ${whole.refused}`);
    const first = await provisioning.bootstrap(request(filename), whole);
    return { whole: whole.body.toString('utf8'), first: first?.body.toString('utf8'), firstFile: first };
  };
  return { user, phone, stages };
}

function secretsOf(user: User, phone: Phone): string[] {
  return [...USER_SECRETS.map((f) => user[f]), ...PHONE_SECRETS.map((f) => phone[f])].filter((v): v is string => typeof v === 'string' && v !== '');
}

describe('first stage', () => {
  it('Yealink <mac>.cfg: points at the HTTPS folder and holds no secret; the whole file holds them', async () => {
    const { user, phone, stages } = await setUp(TEMPLATES, 'yealink', 'T46U');

    const { whole, first } = await stages('001565a1b2c3.cfg');

    expect(first).toContain(`static.auto_provision.server.url = https://10.0.0.5:8443/provision/${user.provision_token}/`);
    for (const secret of secretsOf(user, phone)) expect(first).not.toContain(secret);
    expect(whole).toContain('Sip-Secret-0815');
  });

  it('Yealink <mac>.boot: the same boot file (it has no secrets)', async () => {
    const { stages } = await setUp(TEMPLATES, 'yealink', 'T46U');

    const { whole, first } = await stages('001565a1b2c3.boot');

    expect(first).toBe(whole);
  });

  it('Snom <MAC>.xml and the index: setting_server and the file URL on HTTPS, no secret', async () => {
    const { user, phone, stages } = await setUp(TEMPLATES, 'snom', 'D785');

    const device = await stages('000413A1B2C3.xml');
    const index = await stages('snomD785-000413A1B2C3.htm');

    expect(device.first).toContain(`<setting_server perm="R">https://10.0.0.5:8443/provision/${user.provision_token}/</setting_server>`);
    expect(index.first).toContain(`<file url="https://10.0.0.5:8443/provision/${user.provision_token}/000413A1B2C3.xml"/>`);
    for (const secret of secretsOf(user, phone)) {
      expect(device.first).not.toContain(secret);
      expect(index.first).not.toContain(secret);
    }
  });

  it('renders secrets a careless first-stage template names as empty values', async () => {
    const { user, phone, stages } = await setUp(LEAKY, 'acme', 'X1');

    const { first, whole } = await stages('acme0a0b0ca1b2c3.xml');

    expect(first).toContain('<account password="" web="" pin="" login=""/>');
    for (const secret of secretsOf(user, phone)) expect(first).not.toContain(secret);
    expect(whole).toContain('Sip-Secret-0815');
  });

  it('has no first stage for a file without a bootstrap template, nor for common files', async () => {
    const { stages } = await setUp(TEMPLATES, 'yealink', 'T46U');

    const common = await stages('y000000000108.cfg');

    expect(common.firstFile).toBeUndefined();
  });

  it('is per-phone: sent no-store like the file (mac set), cached apart from the whole file', async () => {
    const { stages } = await setUp(TEMPLATES, 'yealink', 'T46U');

    const a = await stages('001565a1b2c3.cfg');
    const b = await stages('001565a1b2c3.cfg');

    expect((a.firstFile as RenderedFile).mac).toBe('001565a1b2c3');
    expect(b.firstFile).toBe(a.firstFile);
    expect(a.whole).not.toBe(a.first);
  });
});
