/** The keyring: re-reads the key file on SIGHUP and on an unknown key id (rate-limited), never on its own. */
import { describe, expect, it } from 'vitest';
import { newKeyEntry } from '../../src/secrets/key-file.js';
import { createKeyring } from '../../src/secrets/keyring.js';
import { collectingLogger } from '../certs/support.js';
import { listSource } from './support.js';

function setup(initial = [newKeyEntry()]) {
  const keys = listSource(initial);
  const clock = { t: 1_000_000 };
  const { logger, logs } = collectingLogger();
  const keyring = createKeyring(keys.source, { logger, now: () => clock.t, unknownReloadMs: 5_000 });
  return { ...keys, clock, keyring, logs };
}

describe('createKeyring', () => {
  it('seals with the first key of the file and holds every key, current first', () => {
    const [a, b] = [newKeyEntry(), newKeyEntry()];
    const { keyring } = setup([a!, b!]);

    expect(keyring.current().id).toBe(a!.id);
    expect(keyring.all().map((k) => k.id)).toEqual([a!.id, b!.id]);
  });

  it('re-reads the file when asked for a key id it does not hold, at most once per interval', () => {
    const { keyring, replace, state, clock } = setup();
    const added = newKeyEntry();
    const readsAtStart = state.reads;

    expect(keyring.find('nope')).toBeUndefined();
    expect(keyring.find('nope')).toBeUndefined();
    expect(state.reads).toBe(readsAtStart + 1);

    replace([added, ...state.entries]);
    expect(keyring.find(added.id)).toBeUndefined(); // still inside the interval
    clock.t += 5_000;
    expect(keyring.find(added.id)?.id).toBe(added.id);
    expect(state.reads).toBe(readsAtStart + 2);
  });

  it('keeps sealing under the key it loaded while the file changes, until it reloads', () => {
    const { keyring, replace, state, clock, logs } = setup();
    const old = state.entries[0]!;
    const added = newKeyEntry();

    replace([added, old]);
    clock.t += 60_000;
    expect(keyring.current().id).toBe(old.id);
    expect(keyring.find(added.id)?.id).toBe(added.id); // a value sealed under it was met

    expect(keyring.current().id).toBe(added.id);
    expect(logs.at(-1)).toMatchObject({ msg: 'secret keys reloaded', keyIds: [added.id, old.id] });
  });

  it('reloads on demand (SIGHUP) and says whether the keys changed', () => {
    const { keyring, replace, state } = setup();

    expect(keyring.reload()).toBe(false);
    replace([newKeyEntry(), ...state.entries]);
    expect(keyring.reload()).toBe(true);
    expect(keyring.all()).toHaveLength(2);
  });

  it('keeps the keys it holds when the file cannot be read on reload, and logs why', () => {
    const { keyring, state, logs } = setup();
    const held = keyring.current().id;
    state.broken = true;

    expect(keyring.reload()).toBe(false);

    expect(keyring.current().id).toBe(held);
    expect(logs.at(-1)).toMatchObject({ level: 'error', source: 'test-keys', msg: 'secret key file not reloaded; keeping the keys held' });
    expect(String(logs.at(-1)!.err)).toContain('line 3');
  });

  it('refuses to start when the file cannot be read the first time', () => {
    const keys = listSource([]);
    keys.state.broken = true;

    expect(() => createKeyring(keys.source, { logger: collectingLogger().logger })).toThrow(/line 3/);
  });
});
