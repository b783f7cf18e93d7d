/**
 * @module A real HTTP listener on 127.0.0.1 standing in for a vendor's redirect cloud: each
 * service's mock (test/redirect/mocks/) supplies the handler built from the documented request
 * and reply shapes; this base adds the faults every client must survive (5xx, a hung connection,
 * a malformed reply) and records what was asked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as received: method, path with query, headers, raw body. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a mock answers. */
export interface MockReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export type MockHandler = (req: ReceivedRequest) => MockReply | Promise<MockReply>;

/** The faults served instead of the handler's answer, each for the next `count` requests. */
export interface Faults {
  /** Answer HTTP `status` (default 503) with a short body. */
  status(count: number, status?: number): void;
  /** Accept the request and never answer (the client's timeout must fire). */
  hang(count: number): void;
  /** Answer 200 with `body` (default: not XML, not JSON). */
  malformed(count: number, body?: string): void;
  /**
   * Do the work (the handler runs: the service changes its state) but never answer: a client
   * that gives up, or dies, does not know it happened.
   */
  stall(count: number): void;
}

export interface MockService {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  readonly faults: Faults;
  close(): Promise<void>;
}

export async function startMockService(handler: MockHandler): Promise<MockService> {
  const requests: ReceivedRequest[] = [];
  const queue: (() => MockReply | 'hang' | 'stall')[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const fault = queue.shift();
      if (fault) {
        const reply = fault();
        if (reply === 'stall') void Promise.resolve(handler(received)).catch(() => {});
        else if (reply !== 'hang') send(res, reply);
        return;
      }
      Promise.resolve(handler(received)).then((reply) => send(res, reply), (err: unknown) => send(res, { status: 500, body: String(err) }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const repeat = (count: number, make: () => MockReply | 'hang' | 'stall') => {
    for (let i = 0; i < count; i++) queue.push(make);
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    faults: {
      status: (count, status = 503) => repeat(count, () => ({ status, body: `mock fault ${status}` })),
      hang: (count) => repeat(count, () => 'hang'),
      malformed: (count, body = '<<not what a service answers') => repeat(count, () => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, body })),
      stall: (count) => repeat(count, () => 'stall'),
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// --- internal ---

function send(res: ServerResponse, reply: MockReply): void {
  res.writeHead(reply.status ?? 200, reply.headers ?? {});
  res.end(reply.body ?? '');
}
