/** @module The behaviour every unknown-device table must have (memory, SQLite, Redis). */
import { describe, expect, it } from 'vitest';
import type { ListQuery } from '../../src/store/query.js';
import type { UnknownPhoneSighting, UnknownPhoneStore } from '../../src/store/unknown-types.js';

export type MakeUnknownStore = (maxEntries: number) => Promise<{ store: UnknownPhoneStore; cleanup(): Promise<void> }>;

const ALL: ListQuery = { searchFields: ['mac', 'vendor', 'model'], orderby: [{ field: 'last_seen', desc: false }], skip: 0, top: 100 };

export const sighting = (mac: string, at: string, over: Partial<UnknownPhoneSighting> = {}): UnknownPhoneSighting => ({
  mac, vendor: 'yealink', model: null, ip: '192.0.2.7', user_agent: 'Yealink SIP-T46U 108.86.0.20', file: `${mac}.cfg`, protocol: 'http', at, ...over,
});

export function describeUnknownPhoneContract(name: string, make: MakeUnknownStore): void {
  describe(`unknown-device table: ${name}`, () => {
    it('records a MAC once and counts its later requests, keeping first seen and the last request', async () => {
      const { store, cleanup } = await make(100);
      try {
        await store.record(sighting('001565000001', '2026-03-01T10:00:00.000Z', { model: 'T46U' }));
        await store.record(sighting('001565000001', '2026-03-01T10:05:00.000Z', { ip: '192.0.2.8' }));

        expect(await store.get('001565000001')).toEqual({
          mac: '001565000001', vendor: 'yealink', model: 'T46U', ip: '192.0.2.8', user_agent: 'Yealink SIP-T46U 108.86.0.20',
          file: '001565000001.cfg', protocol: 'http', first_seen: '2026-03-01T10:00:00.000Z', last_seen: '2026-03-01T10:05:00.000Z', count: 2,
        });
      } finally {
        await cleanup();
      }
    });

    it('lists with list queries and drops the least recently seen past its bound', async () => {
      const { store, cleanup } = await make(3);
      try {
        for (let i = 1; i <= 4; i++) await store.record(sighting(`00156500000${i}`, `2026-03-01T10:0${i}:00.000Z`, i === 4 ? { vendor: 'snom' } : {}));

        const page = await store.list(ALL);
        const snom = await store.list({ ...ALL, search: 'snom' });

        expect([page.count, page.items.map((p) => p.mac)]).toEqual([3, ['001565000002', '001565000003', '001565000004']]);
        expect(snom.items.map((p) => p.mac)).toEqual(['001565000004']);
      } finally {
        await cleanup();
      }
    });

    it('forgets a rejected MAC and never records it again; remove drops an entry', async () => {
      const { store, cleanup } = await make(100);
      try {
        await store.record(sighting('001565000001', '2026-03-01T10:00:00.000Z'));
        await store.record(sighting('001565000002', '2026-03-01T10:00:00.000Z'));

        await store.reject('001565000001');
        await store.record(sighting('001565000001', '2026-03-01T10:01:00.000Z'));
        const removed = [await store.remove('001565000002'), await store.remove('001565000002')];

        expect(await store.get('001565000001')).toBeUndefined();
        expect(await store.isRejected('001565000001')).toBe(true);
        expect(await store.isRejected('001565000002')).toBe(false);
        expect(removed).toEqual([true, false]);
        expect((await store.list(ALL)).count).toBe(0);
      } finally {
        await cleanup();
      }
    });
  });
}
