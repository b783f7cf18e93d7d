/** sipp plays the phone: what the NOTIFY sender puts on the wire and what it makes of the answers. */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifySender } from '../../src/resync/notify-sender.js';
import { freeUdpPort } from '../helpers/free-port.js';
import { hasSipp, startSippUas, type SippUas } from './sipp.js';

const sipp = hasSipp();
let uas: SippUas | undefined;

afterEach(async () => {
  await uas?.stop();
  uas = undefined;
});

describe.skipIf(!sipp)('NOTIFY sender against sipp', () => {
  it('sends a well-formed NOTIFY that sipp answers 200, reported ok', async () => {
    uas = await startSippUas({ status: 200 });
    const sender = createNotifySender({ timeoutMs: 5000 });

    const outcome = await sender.send({ target: { host: '127.0.0.1', port: uas.port }, user: '2001', event: 'check-sync;reboot=false' });

    expect(outcome).toMatchObject({ result: 'ok', status: 200 });
    expect(await uas.exited).toBe(0);
    const [notify] = uas.notifies();
    expect(notify).toMatch(new RegExp(`^NOTIFY sip:2001@127\\.0\\.0\\.1:${uas.port} SIP/2\\.0`));
    expect(notify).toMatch(/^Via: SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK[0-9a-f]+;rport\s*$/m);
    expect(notify).toMatch(/^From: "provd" <sip:provd@127\.0\.0\.1:\d+>;tag=[0-9a-f]+\s*$/m);
    expect(notify).toMatch(new RegExp(`^To: <sip:2001@127\\.0\\.0\\.1:${uas.port}>\\s*$`, 'm'));
    expect(notify).toMatch(/^Call-ID: [0-9a-f]+@provd\s*$/m);
    expect(notify).toMatch(/^CSeq: 1 NOTIFY\s*$/m);
    expect(notify).toMatch(/^Max-Forwards: 70\s*$/m);
    expect(notify).toMatch(/^Event: check-sync;reboot=false\s*$/m);
    expect(notify).toMatch(/^Subscription-State: terminated\s*$/m);
    expect(notify).toMatch(/^Contact: <sip:provd@127\.0\.0\.1:\d+>\s*$/m);
    expect(notify).toMatch(/^Content-Length: 0\s*$/m);
  });

  it.each([481, 503])('reports a %i answer as rejected with that status', async (status) => {
    uas = await startSippUas({ status });
    const sender = createNotifySender({ timeoutMs: 5000 });

    const outcome = await sender.send({ target: { host: '127.0.0.1', port: uas.port }, user: '2001', event: 'check-sync' });

    expect(outcome).toMatchObject({ result: 'rejected', status, reason: 'Test Answer' });
  });

  it('reports a Digest challenge (401) as rejected and says why', async () => {
    uas = await startSippUas({ status: 401, extraHeaders: ['WWW-Authenticate: Digest realm="phone", nonce="abc", algorithm=MD5'] });
    const sender = createNotifySender({ timeoutMs: 5000 });

    const outcome = await sender.send({ target: { host: '127.0.0.1', port: uas.port }, user: '2001', event: 'check-sync' });

    expect(outcome.result).toBe('rejected');
    expect(outcome.status).toBe(401);
    expect(outcome.detail).toMatch(/Digest/);
  });
});

describe('NOTIFY sender without an answer', () => {
  it('gives no_answer within the bounded time when nothing listens on the port', async () => {
    const port = await freeUdpPort();
    const sender = createNotifySender({ timeoutMs: 1200 });
    const started = Date.now();

    const outcome = await sender.send({ target: { host: '127.0.0.1', port }, user: '2001', event: 'check-sync' });

    expect(outcome.result).toBe('no_answer');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1100);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('retransmits on timer E (T1, then doubling) to a phone that stays silent', async () => {
    const silent = createSocket('udp4');
    const arrivals: number[] = [];
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    silent.on('message', () => arrivals.push(Date.now()));
    const sender = createNotifySender({ timeoutMs: 1900, t1Ms: 200, t2Ms: 4000 });

    const outcome = await sender.send({ target: { host: '127.0.0.1', port: silent.address().port }, user: '2001', event: 'check-sync' });
    silent.close();

    // Sent at 0, 200, 600, 1400 ms (gaps T1, 2·T1, 4·T1), then timer F at 1900 ms.
    expect(outcome).toMatchObject({ result: 'no_answer', transmissions: 4 });
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(gaps.map((g) => Math.round(g / 200))).toEqual([1, 2, 4]);
  });
});

describe.skipIf(!sipp)('NOTIFY sender answering a Digest challenge (sipp verifies it)', () => {
  it.each([true, false])('answers a 401 with the account credentials (qop auth: %s) and reports ok', async (qop) => {
    uas = await startSippUas({ digest: { username: '2001', password: 'Sip-Secret-1', qop } });
    const sender = createNotifySender({ timeoutMs: 5000 });

    const outcome = await sender.send({ target: { host: '127.0.0.1', port: uas.port }, user: '2001', event: 'check-sync', credentials: { username: '2001', password: 'Sip-Secret-1' } });

    expect(outcome).toMatchObject({ result: 'ok', status: 200, transmissions: 2 });
    const [first, second] = uas.notifies();
    expect(first).not.toMatch(/^Authorization:/m);
    expect(second).toMatch(/^CSeq: 2 NOTIFY\s*$/m);
    expect(second).toMatch(/^Authorization: Digest username="2001", realm="phone", nonce="[^"]+", uri="sip:2001@127\.0\.0\.1:\d+", response="[0-9a-f]{32}", algorithm=MD5/m);
    expect(/^Call-ID: (.*)$/m.exec(second!)?.[1]).toBe(/^Call-ID: (.*)$/m.exec(first!)?.[1]);
    expect(uas.messages()).not.toContain('Sip-Secret-1');
  });

  it('reports rejected when sipp finds the credentials wrong', async () => {
    uas = await startSippUas({ digest: { username: '2001', password: 'Sip-Secret-1' } });
    const sender = createNotifySender({ timeoutMs: 5000 });

    const outcome = await sender.send({ target: { host: '127.0.0.1', port: uas.port }, user: '2001', event: 'check-sync', credentials: { username: '2001', password: 'wrong' } });

    expect(outcome).toMatchObject({ result: 'rejected', status: 403 });
  });
});
