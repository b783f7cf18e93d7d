/** @module Shared test support for secrets: an editable key source and a codec over it. */
import { ProvError } from '../../src/errors.js';
import { createRecordCodec, type RecordCodec } from '../../src/secrets/codec.js';
import { newKeyEntry, type KeyEntry } from '../../src/secrets/key-file.js';
import { createKeyring, type Keyring, type KeySource } from '../../src/secrets/keyring.js';
import { collectingLogger } from '../certs/support.js';

/** A key source over a list the test edits (as an operator edits the key file); counts reads. */
export function listSource(initial: KeyEntry[]) {
  const state = { entries: initial, version: 1, reads: 0, broken: false };
  const source: KeySource = {
    name: 'test-keys',
    read() {
      state.reads++;
      if (state.broken) throw new ProvError('PROV_ERR_SECRET_KEY_INVALID', ['test-keys', 'line 3 is not "<id> <key>"']);
      return state.entries;
    },
    fingerprint: () => String(state.version),
  };
  const replace = (entries: KeyEntry[]) => {
    state.entries = entries;
    state.version++;
  };
  return { source, state, replace };
}

/** A codec over `entries` (default: one new key) and the keyring and clock behind it. */
export function testCodec(entries: KeyEntry[] = [newKeyEntry()]): { codec: RecordCodec; keyring: Keyring; keys: ReturnType<typeof listSource>; clock: { t: number } } {
  const keys = listSource(entries);
  const clock = { t: 1_000_000 };
  const keyring = createKeyring(keys.source, { logger: collectingLogger().logger, now: () => clock.t });
  return { codec: createRecordCodec(keyring), keyring, keys, clock };
}
