/**
 * @module Cost of sealing and opening secrets (src/secrets/codec.ts), per record (its secret
 * fields are one sealed value): what the phone path's cold start pays (one phone and one user
 * opened per first fetch) and what a write pays. `node --import tsx test/bench/secrets-codec.ts`. Not part of `npm test`.
 */
import { createRecordCodec } from '../../src/secrets/codec.js';
import { newKeyEntry } from '../../src/secrets/key-file.js';
import { createKeyring } from '../../src/secrets/keyring.js';
import { makePhone, makeUser } from '../helpers/records.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const silent = { info() {}, error() {} } as never;
const keys = [newKeyEntry(), newKeyEntry()];
const keyring = createKeyring({ name: 'bench', read: () => keys }, { logger: silent });
const codec = createRecordCodec(keyring);
const user = makeUser({ password: 'user-Pa55word', voicemail_pin: '135792' });
const phone = makePhone(user, { door_password1: '1234', door_password2: '5678' });
const sealedUser = codec.sealUser(user).doc;
const sealedPhone = codec.sealPhone(phone);
const plainJson = JSON.stringify(phone);
const sealedJson = JSON.stringify(sealedPhone);

/** Median over 5 rounds of N calls, in microseconds per call. */
function measure(name: string, work: () => unknown): void {
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) work();
    rounds.push(Number(process.hrtime.bigint() - start) / 1e3 / N);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} ${rounds[2]!.toFixed(2).padStart(7)} us`);
}

console.log(`node ${process.version}, ${N} calls x 5 rounds, median`);
measure('seal phone (3 secret fields)', () => codec.sealPhone(phone));
measure('open phone (3 secret fields)', () => codec.openPhone(sealedPhone));
measure('seal user (4 secret fields + token hash)', () => codec.sealUser(user));
measure('open user (4 secret fields)', () => codec.openUser(sealedUser));
measure('token lookup keys (2 keys held)', () => codec.tokenLookupKeys(user.provision_token));
measure('needsReseal user', () => codec.needsReseal('user', sealedUser));
measure('JSON.parse phone doc, plain (for scale)', () => JSON.parse(plainJson));
measure('JSON.parse phone doc, sealed (for scale)', () => JSON.parse(sealedJson));
