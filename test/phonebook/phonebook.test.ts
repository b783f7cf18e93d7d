/**
 * The phonebook service on a real (memory) store: which scope a request gets, the listing kept
 * until a user change, and what 10,000 users cost (printed, not asserted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createPhonebook, type Phonebook } from '../../src/phonebook/phonebook.js';
import { createStore } from '../../src/store/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { DIRECTORY_USERS, storedUser } from '../helpers/directory-fixture.js';
import { renderDirectoryFile } from '../helpers/vendor-render.js';

let phonebook: Phonebook | undefined;
afterEach(() => phonebook?.close());

async function filledStore(users = DIRECTORY_USERS) {
  const store = createMemoryStore();
  for (const u of users) await store.insertUser(u);
  return store;
}

describe('phonebook scopes', () => {
  it('in scope all, answers every folder user and a trusted folder-less source (TFTP) from one list', () => {
    phonebook = createPhonebook({ store: createMemoryStore(), scope: 'all' });
    expect(phonebook.scopeOf({ department: 'Sales' }, false)).toBe('all');
    expect(phonebook.scopeOf({}, true)).toBe('all');
    expect(phonebook.scopeOf(undefined, true)).toBe('all');
    expect(phonebook.scopeOf(undefined, false)).toBeUndefined();
  });

  it('in scope department, answers a folder user with its department and refuses any folder-less request', async () => {
    phonebook = createPhonebook({ store: await filledStore(), scope: 'department' });
    expect(phonebook.scopeOf(undefined, true)).toBeUndefined();
    const sales = phonebook.scopeOf({ department: 'SALES ' }, false)!;
    expect((await phonebook.entries(sales)).map((e) => e.extension)).toEqual(['102', '101']); // adam Smith, Zoë Ölund
    const none = phonebook.scopeOf({}, false)!;
    expect((await phonebook.entries(none)).map((e) => e.extension)).toEqual(['105', '106', '107', '104']);
    expect((await phonebook.entries(phonebook.scopeOf({ department: 'Support' }, false)!)).map((e) => e.name)).toEqual([`"Quoted" O'Neil`]);
  });
});

describe('phonebook cache', () => {
  it('lists the users once and answers the same entries until a user changes; then the change is in', async () => {
    const store = await filledStore();
    phonebook = createPhonebook({ store, scope: 'all', pageSize: 3 }); // several pages
    const first = await phonebook.entries('all');
    expect(first.map((e) => e.extension).sort()).toEqual(['101', '102', '104', '105', '106', '107', '108']);
    expect(await phonebook.entries('all')).toBe(first);

    await store.insertUser(storedUser(9, { display_name: 'New Nina' }));
    const second = await phonebook.entries('all');
    expect(second).not.toBe(first);
    expect(second.map((e) => e.name)).toContain('New Nina');

    await store.updateUser('u-0009', (u) => ({ ...u, enabled: false }));
    expect((await phonebook.entries('all')).map((e) => e.name)).not.toContain('New Nina');
    await store.deleteUser('u-0001');
    expect((await phonebook.entries('all')).map((e) => e.extension)).not.toContain('101');
  });

  it('makes a rendered file once per scope and key, shared by concurrent callers, again after a change or a drop', async () => {
    const store = await filledStore();
    phonebook = createPhonebook({ store, scope: 'all' });
    let made = 0;
    const make = async (entries: readonly { name: string }[]) => (made++, entries.map((e) => e.name).join('|'));
    const [a, b] = await Promise.all([phonebook.rendered('all', 'yealink', make), phonebook.rendered('all', 'yealink', make)]);
    expect(a).toBe(b);
    expect(made).toBe(1);
    await phonebook.rendered('all', 'snom', make);
    expect(made).toBe(2);
    await store.updateUser('u-0002', (u) => ({ ...u, display_name: 'Adam Renamed' }));
    expect(await phonebook.rendered('all', 'yealink', make)).toContain('Adam Renamed');
    expect(made).toBe(3);
    phonebook.drop();
    await phonebook.rendered('all', 'yealink', make);
    expect(made).toBe(4);
  });

  it('keeps no failed render: the next request tries again', async () => {
    phonebook = createPhonebook({ store: await filledStore(), scope: 'all' });
    await expect(phonebook.rendered('all', 'k', async () => Promise.reject(new Error('template broke')))).rejects.toThrow('template broke');
    expect(await phonebook.rendered('all', 'k', async () => 'fine')).toBe('fine');
  });

  it('keeps nothing listed before a change that came in while listing', async () => {
    const store = await filledStore();
    phonebook = createPhonebook({ store, scope: 'all' });
    const pending = phonebook.entries('all');
    await store.insertUser(storedUser(10, { display_name: 'Late Larry' }));
    await pending; // may or may not hold Larry: it started before the change
    expect((await phonebook.entries('all')).map((e) => e.name)).toContain('Late Larry');
  });
});

// On SQLite, the default store (the memory store's inserts are too slow to fill with 10,000 users here).
describe('phonebook at 10,000 users', () => {
  it('lists and renders once, then answers from memory (timings printed)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'provd-phonebook-'));
    const store = createStore({ kind: 'sqlite', dataDir, redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'unused:' });
    try {
      for (let i = 0; i < 10_000; i++) await store.insertUser(storedUser(1000 + i, { display_name: `Person ${i}`, mobile_phone: `+1 555 ${String(i).padStart(4, '0')}` }));
      phonebook = createPhonebook({ store, scope: 'all' });
      const t0 = performance.now();
      const entries = await phonebook.entries('all');
      const t1 = performance.now();
      const yealink = await phonebook.rendered('all', 'yealink', async (e) => renderDirectoryFile('yealink', 'phonebook', e).text);
      const t2 = performance.now();
      await phonebook.rendered('all', 'yealink', async () => 'not made again');
      const t3 = performance.now();
      expect(entries).toHaveLength(10_000);
      expect(yealink.match(/<DirectoryEntry>/g)).toHaveLength(10_000);
      console.log(
        `phonebook, 10,000 users (sqlite): list + sort ${(t1 - t0).toFixed(0)} ms, render Yealink XML ${(t2 - t1).toFixed(0)} ms ` +
          `(${(Buffer.byteLength(yealink) / 1024).toFixed(0)} KiB), cached answer ${((t3 - t2) * 1000).toFixed(0)} us`
      );
    } finally {
      phonebook?.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
