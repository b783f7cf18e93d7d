/**
 * End to end (issue 10 §4): the server is killed (`kill -9`) after the phone's 201 while the
 * service has done the register but not answered it. The job survives in the store's outbox;
 * the restarted server runs it again once the dead process's lease expired, and the service ends
 * holding the registration once, with the phone's URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until, type ServerProcess } from '../helpers/server-process.js';
import type { FamilyMock } from './mocks/yealink-family.js';
import { adminOf, bindsOf, createRpsPhone, phoneWithStatus, seedRps, serverSetup, startRpsMock, startServer } from './support/rps-e2e.js';

const MAC = '001565e2e0c1';

describe('RPS after a crash (kill -9 while the register is in flight)', () => {
  let mock: FamilyMock;
  const servers: ServerProcess[] = [];
  let remove: () => void;

  beforeAll(async () => {
    mock = await startRpsMock();
  });
  afterAll(async () => {
    for (const s of servers) s.kill();
    await mock?.close();
    remove?.();
  });

  it('registers exactly once after the restart', { timeout: 30_000 }, async () => {
    // The first server's call has 1 s (its lease 5 s): the kill comes long before it gives up.
    const setup = await serverSetup({ PROV_RPS_TIMEOUT: '1000' });
    remove = setup.remove;
    const admin = adminOf(setup.apiPort);
    servers.push(await startServer(setup.env));
    const userId = await seedRps(admin, mock);
    mock.service.faults.stall(1); // the service binds the MAC; its answer never comes

    const created = await createRpsPhone(admin, userId, MAC);
    await until('the register at the service', () => (mock.held(MAC) ? true : undefined));
    servers[0]!.kill();
    await servers[0]!.exited;
    servers.push(await startServer({ ...setup.env, PROV_RPS_TIMEOUT: '5000' }));
    const phone = await phoneWithStatus(admin, MAC, 'registered');

    expect(servers[0]!.output()).not.toMatch(/job done|job retried later/); // killed with the call in flight
    expect(phone.url).toBe(created.url);
    expect(mock.held(MAC)).toBe(phone.url);
    // One bind before the crash (unanswered), one by the restarted server; never a third.
    expect(bindsOf(mock, MAC)).toEqual([phone.url, phone.url]);
    await new Promise((r) => setTimeout(r, 500)); // a few polls more
    expect(bindsOf(mock, MAC)).toHaveLength(2);
  });
});
