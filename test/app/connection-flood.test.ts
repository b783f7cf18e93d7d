/**
 * An idle-socket flood against the phone port of the whole server (createApp, issue 12 §1
 * "Connections"): thousands of TCP connections from 30 loopback addresses that never send a byte.
 * The phone listener keeps within its cap (its file descriptors stay bounded), a phone on another
 * address still gets its file on a new connection, and the admin API, on its own budget, answers.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.js';

const FLOOD = 3_000;
const CAP = 1_000;
let server: AppServer;
let url: string;
const flood: Socket[] = [];

beforeAll(async () => {
  server = await startAppServer({ PROV_HTTP_MAX_CONNECTIONS: String(CAP), PROV_HTTP_MAX_CONNECTIONS_PER_ADDRESS: '256' });
  await server.api('POST', '/api/network', { private_ipv4: '127.0.0.1' });
  const user = await server.api('POST', '/api/users', { name: 'flood-bob', extension_number: '7201', extension_password: 'Flood-Secret-1', interface: 'PRIVATE_IPV4' });
  const phone = await server.api('POST', `/api/users/${user.body.id}/phones`, { mac: '00:15:65:12:34:56', vendor: 'yealink', model: 'T46U' });
  url = `${phone.body.url}001565123456.cfg`;
});
afterAll(async () => {
  for (const s of flood) s.destroy();
  await server?.stop();
});

/** Opens one idle connection from `localAddress`; resolves once connected or refused. */
function idleSocket(port: number, localAddress: string): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress });
    s.on('error', () => {});
    s.once('connect', () => resolve());
    s.once('close', () => resolve());
    flood.push(s);
  });
}

describe('idle-socket flood on the phone port', () => {
  it(`${FLOOD} idle sockets from 30 addresses: the phone listener holds at most ${CAP}, a phone on another address and the admin API are served`, async () => {
    const port = server.running.ports.http;
    const q0 = performance.now();
    expect((await fetch(url, { headers: { connection: 'close' } })).status).toBe(200); // rendered and cached
    const quietMs = performance.now() - q0;
    for (let i = 0; i < FLOOD; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, k) => idleSocket(port, `127.0.2.${1 + ((i + k) % 30)}`)));
    }
    // The kernel completes handshakes before the server accepts them: wait for the backlog to drain.
    const open = () => flood.filter((s) => !s.destroyed && s.readyState === 'open').length;
    for (let i = 0; i < 100 && open() > CAP; i++) await new Promise((r) => setTimeout(r, 20));
    const stillOpen = open();

    const t0 = performance.now();
    const file = await fetch(url, { headers: { connection: 'close' } }); // a new connection from 127.0.0.1
    const body = await file.text();
    const phoneMs = performance.now() - t0;
    const t1 = performance.now();
    const health = await server.api('GET', '/api/users');
    const apiMs = performance.now() - t1;
    console.log(`connection flood: ${FLOOD} idle sockets, ${stillOpen} still open; phone file in ${phoneMs.toFixed(1)} ms (${quietMs.toFixed(1)} ms before the flood), admin API in ${apiMs.toFixed(1)} ms`);

    expect(stillOpen).toBeLessThanOrEqual(CAP);
    expect(file.status).toBe(200);
    expect(phoneMs).toBeLessThan(Math.max(1000, quietMs * 5));
    expect(body).toContain('Flood-Secret-1');
    expect(health.status).toBe(200);
    const metrics = await server.api('GET', '/metrics');
    expect(String(metrics.body)).toMatch(/provd_http_connections_closed_total\{listener="http",reason="max"\} [1-9]/);
    const gauge = /provd_http_connections\{listener="http"\} (\d+)/.exec(String(metrics.body));
    expect(Number(gauge?.[1])).toBeLessThanOrEqual(CAP);
  }, 60_000);
});
