/**
 * @module Store contract: network settings and change events. Events may arrive asynchronously
 * (redis pub/sub), so the tests wait with vi.waitFor and use a second listener as a barrier:
 * once it has seen a later change, every earlier event has been delivered.
 */
import { expect, it, vi } from 'vitest';
import { DEFAULT_NETWORK, type Network } from '../../../src/domain/network.js';
import type { Phone } from '../../../src/domain/phone.js';
import type { StoreEvent } from '../../../src/store/types.js';
import { makePhone, makeUser, nextMac } from '../../helpers/records.js';
import { expectProvError, replacePhone, replaceUser, type ContractContext } from './support.js';

const NETWORK: Network = { ...DEFAULT_NETWORK, web_domain: 'pbx.example.com', public_ipv4: '203.0.113.5', enable_ipv6: false, udp_port: 5080 };

const phoneEvent = (p: Phone, mac = p.mac): StoreEvent => ({ kind: 'phone', id: p.id, mac, user_id: p.user_id });

export function eventTests(ctx: ContractContext): void {
  it('starts with the default network and round-trips a new one, handing out copies', async () => {
    expect(await ctx.store.getNetwork()).toStrictEqual(DEFAULT_NETWORK);
    await ctx.store.putNetwork(NETWORK);
    const read = await ctx.store.getNetwork();
    expect(read).toStrictEqual(NETWORK);
    (read as { udp_port: number }).udp_port = 1;
    expect(await ctx.store.getNetwork()).toStrictEqual(NETWORK);
    await ctx.store.putNetwork(DEFAULT_NETWORK);
    expect(await ctx.store.getNetwork()).toStrictEqual(DEFAULT_NETWORK);
  });

  it('keeps admin settings: vendor settings in the network record (updateNetwork) and a phone\'s settings map', async () => {
    const vendor_settings = { yealink: { global: { 'lang.gui': 'German', 'x.pwd': 'p&<"\'' }, models: { T46U: { 'features.dnd.enable': '1' } } } };
    await ctx.store.updateNetwork((current) => ({ ...current, vendor_settings }));
    expect((await ctx.store.getNetwork()).vendor_settings).toStrictEqual(vendor_settings);
    const u = makeUser();
    const p: Phone = { ...makePhone(u), settings: { 'local_time.ntp_server1': 'ntp.example.com', 'phone.name': 'ü\u2603' } };
    await ctx.store.insertUser(u);
    await ctx.store.insertPhone(p);
    expect((await ctx.store.getPhone(p.id))?.settings).toStrictEqual(p.settings);
    await ctx.store.putNetwork(DEFAULT_NETWORK);
  });

  it('publishes one event per change, none for refused writes or sightings', async () => {
    const seen: StoreEvent[] = [];
    ctx.store.subscribe((e) => seen.push(e));
    const u = makeUser();
    const p = makePhone(u);
    const q = makePhone(u);
    const moved: Phone = { ...p, mac: nextMac() };
    await ctx.store.insertUser(u);
    await ctx.store.insertPhone(p);
    await expectProvError(ctx.store.insertPhone({ ...q, mac: p.mac }), 'PROV_ERR_MAC_TAKEN');
    await replacePhone(ctx.store, moved);
    await ctx.store.recordSighting(moved.mac, { at: '2025-01-01T00:00:00.000Z', ip: '192.0.2.1', user_agent: 'ua' });
    await ctx.store.putNetwork(NETWORK);
    await ctx.store.deletePhone(p.id);
    await replaceUser(ctx.store, { ...u, display_name: 'x' });
    await ctx.store.insertPhone(q);
    await ctx.store.deleteUser(u.id);
    expect(await ctx.store.deleteUser(u.id)).toBeUndefined();
    const expected: StoreEvent[] = [
      { kind: 'user', id: u.id },
      phoneEvent(p),
      phoneEvent(p, p.mac), // the old MAC is named too, so caches keyed by MAC drop it
      phoneEvent(moved),
      { kind: 'network' },
      phoneEvent(moved),
      { kind: 'user', id: u.id },
      phoneEvent(q),
      phoneEvent(q),
      { kind: 'user', id: u.id },
    ];
    await vi.waitFor(() => expect(seen).toStrictEqual(expected));
    await barrier(ctx);
    expect(seen).toStrictEqual([...expected, { kind: 'network' }]);
  });

  it('announces a firmware change to every listener, writing nothing', async () => {
    const seen: StoreEvent[] = [];
    ctx.store.subscribe((e) => seen.push(e));
    await ctx.store.announce({ kind: 'firmware', vendor: 'yealink', model: 'T46S' });
    await vi.waitFor(() => expect(seen).toStrictEqual([{ kind: 'firmware', vendor: 'yealink', model: 'T46S' }]));
    expect(await ctx.store.getNetwork()).toStrictEqual(DEFAULT_NETWORK);
  });

  it('stops calling a listener once it unsubscribes; other listeners go on', async () => {
    const first: StoreEvent[] = [];
    const unsubscribe = ctx.store.subscribe((e) => first.push(e));
    await ctx.store.putNetwork(NETWORK);
    await vi.waitFor(() => expect(first).toStrictEqual([{ kind: 'network' }]));
    unsubscribe();
    const u = makeUser();
    await ctx.store.insertUser(u);
    await barrier(ctx);
    expect(first).toStrictEqual([{ kind: 'network' }]);
  });

  it('keeps calling the other listeners when one throws', async () => {
    const seen: StoreEvent[] = [];
    ctx.store.subscribe(() => {
      throw new Error('listener failure');
    });
    ctx.store.subscribe((e) => seen.push(e));
    await ctx.store.putNetwork(NETWORK);
    await vi.waitFor(() => expect(seen).toStrictEqual([{ kind: 'network' }]));
  });
}

/** Subscribes a fresh listener, changes the network and waits until that listener sees it. */
async function barrier(ctx: ContractContext): Promise<void> {
  const got: StoreEvent[] = [];
  const off = ctx.store.subscribe((e) => got.push(e));
  await ctx.store.putNetwork(NETWORK);
  await vi.waitFor(() => expect(got).toContainEqual({ kind: 'network' }));
  off();
}
