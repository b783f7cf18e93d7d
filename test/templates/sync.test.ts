/**
 * The sync of edited templates (src/templates/sync.ts) over a memory store and a real catalog of
 * the fixture templates: a stored version is put in service on its store event and the rendered
 * files are dropped; a stored set the catalog refuses keeps the templates in service (logged).
 */
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { compileVendors } from '../../src/app/vendor-compile.js';
import { createLogger } from '../../src/logger.js';
import { buildContext } from '../../src/render/context.js';
import { createRedirectDirectory, REDIRECT_SERVICES } from '../../src/redirect/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { TemplateVersion } from '../../src/store/template-types.js';
import { createTemplateOverlay } from '../../src/templates/overlay.js';
import { createTemplateSync } from '../../src/templates/sync.js';
import { createVendorCatalog } from '../../src/vendors/catalog.js';
import { FIXTURE_TEMPLATES } from '../helpers/phone-path.js';
import { DEFAULT_NETWORK } from '../../src/domain/network.js';

function setUp() {
  const store = createMemoryStore();
  const overlay = createTemplateOverlay();
  const catalog = createVendorCatalog(FIXTURE_TEMPLATES, compileVendors(createRedirectDirectory(REDIRECT_SERVICES), overlay.source));
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }) });
  const provisioning = { invalidate: vi.fn() };
  const sync = createTemplateSync({ store, overlay, catalog, provisioning, logger });
  /** The fixture vendor's common file as rendered now. */
  const common = () => {
    const vendor = catalog.registry.get('acme')!;
    const file = vendor.descriptor.files.find((f) => !/\{mac\}/i.test(f.pattern))!;
    const model = Object.keys(vendor.descriptor.models)[0]!;
    const { context } = buildContext({ vendor: vendor.descriptor, modelName: model, model: vendor.descriptor.models[model]!, network: DEFAULT_NETWORK, server: { httpPort: 80, defaultTimezone: 'UTC' } });
    return catalog.current().compiled.render(vendor, file, model, context).toString();
  };
  return { store, catalog, sync, provisioning, lines, common };
}

const version = (n: number, text: string | null): TemplateVersion => ({
  vendor: 'acme', file: 'common.hbs', version: n, text, sha256: '0'.repeat(64), author_id: 't', author_name: 'ops', created_at: '2026-01-01T00:00:00.000Z', reverted_from: null,
});

describe('template sync', () => {
  it('puts a stored version in service on its store event and drops the rendered files', async () => {
    const { store, sync, provisioning, common } = setUp();
    await sync.start();
    const shipped = common();

    await store.appendTemplateVersion(version(1, 'edited common file\n'));
    await vi.waitFor(() => expect(common()).toBe('edited common file\n'));
    expect(provisioning.invalidate).toHaveBeenCalled();

    await store.appendTemplateVersion(version(2, null)); // back to the shipped file
    await vi.waitFor(() => expect(common()).toBe(shipped));
    sync.stop();
  });

  it('loads what the store holds at start, before anything is served', async () => {
    const { store, sync, common } = setUp();
    await store.appendTemplateVersion(version(1, 'stored before start\n'));

    await sync.start();

    expect(common()).toBe('stored before start\n');
    sync.stop();
  });

  it('keeps the templates in service when the stored set does not compile, and logs why', async () => {
    const { store, sync, catalog, common, lines } = setUp();
    await sync.start();
    await store.appendTemplateVersion(version(1, 'good\n'));
    await vi.waitFor(() => expect(common()).toBe('good\n'));

    await store.appendTemplateVersion(version(2, '{{#if broken}}\n')); // stored past the API's check (e.g. a shipped partial removed)
    await vi.waitFor(() => expect(lines.some((l) => l.msg === 'edited templates not loaded; the ones in use stay')).toBe(true));

    expect(common()).toBe('good\n');
    catalog.reload(); // SIGHUP: compiles through the overlay still in service
    expect(common()).toBe('good\n');
    sync.stop();
  });
});
