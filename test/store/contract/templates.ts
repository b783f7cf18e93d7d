/**
 * @module Store contract: versions of templates edited over the API (issue 14 §4), append only,
 * numbered without gaps per file, the current one of every file listed, and an event per append.
 */
import { expect, it, vi } from 'vitest';
import type { TemplateVersion } from '../../../src/store/template-types.js';
import type { StoreEvent } from '../../../src/store/types.js';
import type { ContractContext } from './support.js';

const AT = '2026-06-01T12:00:00.000Z';

function version(vendor: string, file: string, n: number, text: string | null, extra: Partial<TemplateVersion> = {}): TemplateVersion {
  return { vendor, file, version: n, text, sha256: String(n).padStart(64, '0'), author_id: 'tok-1', author_name: 'ops', created_at: AT, reverted_from: null, ...extra };
}

export function templateTests(ctx: ContractContext): void {
  it('appends versions 1, 2, 3 of a file and reads them back oldest first', async () => {
    const v1 = version('yealink', 'device.hbs', 1, 'one {{mac.bare}}\n');
    const v2 = version('yealink', 'device.hbs', 2, 'two\r\n\u00e9\u{1F600} "quoted" \\ \0?');
    const v3 = version('yealink', 'device.hbs', 3, null, { reverted_from: 0 });

    for (const v of [v1, v2, v3]) expect(await ctx.store.appendTemplateVersion(v)).toBe(true);

    expect(await ctx.store.listTemplateVersions('yealink', 'device.hbs')).toStrictEqual([v1, v2, v3]);
    expect(await ctx.store.listTemplateVersions('yealink', 'common.hbs')).toStrictEqual([]);
  });

  it('refuses a version number that is not the next one and writes nothing', async () => {
    const v1 = version('snom', 'partials/line.hbs', 1, 'a');
    expect(await ctx.store.appendTemplateVersion(version('snom', 'partials/line.hbs', 2, 'gap'))).toBe(false);
    expect(await ctx.store.appendTemplateVersion(v1)).toBe(true);

    expect(await ctx.store.appendTemplateVersion(version('snom', 'partials/line.hbs', 1, 'lost race'))).toBe(false);
    expect(await ctx.store.appendTemplateVersion(version('snom', 'partials/line.hbs', 3, 'gap'))).toBe(false);

    expect(await ctx.store.listTemplateVersions('snom', 'partials/line.hbs')).toStrictEqual([v1]);
  });

  it('lets exactly one of two concurrent appends of the same number win', async () => {
    const results = await Promise.all(['a', 'b', 'c'].map((t) => ctx.store.appendTemplateVersion(version('fanvil', 'device.hbs', 1, t))));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await ctx.store.listTemplateVersions('fanvil', 'device.hbs')).toHaveLength(1);
  });

  it('lists the current version of every edited file by vendor, then file', async () => {
    await ctx.store.appendTemplateVersion(version('yealink', 'device.hbs', 1, 'y1'));
    await ctx.store.appendTemplateVersion(version('snom', 'model.hbs', 1, 's1'));
    await ctx.store.appendTemplateVersion(version('yealink', 'device.hbs', 2, null, { reverted_from: 0 }));
    await ctx.store.appendTemplateVersion(version('yealink', 'common.hbs', 1, 'c1'));

    expect(await ctx.store.currentTemplates()).toStrictEqual([
      version('snom', 'model.hbs', 1, 's1'),
      version('yealink', 'common.hbs', 1, 'c1'),
      version('yealink', 'device.hbs', 2, null, { reverted_from: 0 }),
    ]);
  });

  it('publishes one template event per accepted append, none for a refused one', async () => {
    const seen: StoreEvent[] = [];
    ctx.store.subscribe((e) => void (e.kind === 'template' && seen.push(e)));
    await ctx.store.appendTemplateVersion(version('grandstream', 'device.hbs', 1, 'g'));
    await ctx.store.appendTemplateVersion(version('grandstream', 'device.hbs', 5, 'refused'));
    await ctx.store.appendTemplateVersion(version('grandstream', 'partials/a.hbs', 1, 'p'));

    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen).toStrictEqual([
      { kind: 'template', vendor: 'grandstream', file: 'device.hbs' },
      { kind: 'template', vendor: 'grandstream', file: 'partials/a.hbs' },
    ]);
  });
}
