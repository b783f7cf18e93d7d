/**
 * close() of src/http/listen.ts over real sockets: what a keep-alive client sees while the
 * server stops (issue 9: the stop reset keep-alive connections).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { close, createDrain, listen } from '../../src/http/listen.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** A raw client on one connection: writes requests, reads everything, records how it ended. */
async function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let data = '';
  socket.setEncoding('utf8').on('data', (c) => (data += c));
  const ended = new Promise<string>((resolve) => {
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    socket.once('end', () => resolve('end'));
  });
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`),
    data: () => data,
    ended,
  };
}

async function start(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer({ keepAliveTimeout: 65_000 }, handler);
  return listen(server, 0, '127.0.0.1');
}

describe('close()', () => {
  it('lets a request in flight finish with Connection: close, then ends the connection without a reset', async () => {
    const drain = createDrain();
    let arrived: (res: ServerResponse) => void = () => {};
    const inFlight = new Promise<ServerResponse>((resolve) => (arrived = resolve));
    const port = await start((_req, res) => arrived(res));
    const client = await rawClient(port);
    client.send('/slow');
    const res = await inFlight;

    const closed = close(server!, { drain, idleGraceMs: 10_000, deadlineMs: 10_000 });
    if (drain.closing) res.shouldKeepAlive = false; // what the phone handler does before writing
    res.end('late answer');

    expect(await client.ended).toBe('end');
    await closed;
    expect(client.data()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n[\s\S]*late answer$/);
  });

  it('answers a request that arrives on a kept-alive connection after the stop began with Connection: close', async () => {
    const port = await start((_req, res) => res.end('ok'));
    const client = await rawClient(port);
    client.send('/first');
    while (!client.data().endsWith('ok')) await new Promise((r) => setTimeout(r, 5));

    const closed = close(server!, { idleGraceMs: 10_000, deadlineMs: 10_000 });
    client.send('/second');

    expect(await client.ended).toBe('end');
    await closed;
    const answers = client.data().split('HTTP/1.1 200 OK').slice(1);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain('Connection: keep-alive');
    expect(answers[1]).toContain('Connection: close');
  });

  it('closes a connection that stays idle through the grace, and resolves', async () => {
    const port = await start((_req, res) => res.end('ok'));
    const client = await rawClient(port);
    client.send('/only');
    while (!client.data().endsWith('ok')) await new Promise((r) => setTimeout(r, 5));

    await close(server!, { idleGraceMs: 50, deadlineMs: 10_000 });

    expect(await client.ended).toBe('end');
    expect(server!.listening).toBe(false);
  });

  it('destroys what is still open at the deadline (a request that never completes) and resolves', async () => {
    const port = await start(() => {});
    const client = await rawClient(port);
    client.send('/never-answered');

    await close(server!, { idleGraceMs: 0, deadlineMs: 100 });

    expect(await client.ended).toBe('end');
    expect(client.data()).toBe('');
  });
});
