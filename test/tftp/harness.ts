/** @module Test harness: a TFTP server on 127.0.0.1 with in-memory files, metrics, logs and test clients. */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createTftpServer, type TftpRemote, type TftpServer, type TftpServerOptions } from '../../src/tftp/server.js';
import { RawUdp, TftpTestClient } from '../helpers/tftp-client.js';

export interface Harness {
  readonly server: TftpServer;
  readonly port: number;
  readonly metrics: Metrics;
  readonly logs: string[];
  readonly files: Map<string, Buffer>;
  /** Every getFile call, in order. */
  readonly calls: Array<{ name: string; remote: TftpRemote }>;
  client(localAddress?: string): Promise<TftpTestClient>;
  raw(localAddress?: string): Promise<RawUdp>;
  /** A counter's value from the rendered metrics, e.g. `provd_tftp_transfers_total{result="ok"}`; 0 if absent. */
  metric(series: string): number;
  /** Resolves once no session is in flight. */
  idle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export type HarnessOptions = Partial<Omit<TftpServerOptions, 'logger' | 'metrics'>> & {
  readonly files?: Record<string, Buffer>;
  /** Port to listen on (default 0: any free port). */
  readonly listenPort?: number;
  /** Address to listen on (default 127.0.0.1; test clients always send to 127.0.0.1). */
  readonly host?: string;
};

export async function startTftp(options: HarnessOptions = {}): Promise<Harness> {
  const files = new Map(Object.entries(options.files ?? {}));
  const calls: Harness['calls'] = [];
  const logs: string[] = [];
  const destination = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const metrics = createMetrics();
  const server = createTftpServer({
    timeoutMs: 100,
    ...options,
    getFile: (name, remote) => {
      calls.push({ name, remote });
      return options.getFile ? options.getFile(name, remote) : Promise.resolve(files.get(name));
    },
    logger: createLogger({ level: 'debug', destination }),
    metrics,
  });
  const port = await server.listen(options.listenPort ?? 0, options.host ?? '127.0.0.1');
  const sockets: RawUdp[] = [];
  return {
    server, port, metrics, logs, files, calls,
    async client(localAddress) {
      const c = await TftpTestClient.connect(port, localAddress);
      sockets.push(c);
      return c;
    },
    async raw(localAddress) {
      const r = await RawUdp.open(localAddress);
      sockets.push(r);
      return r;
    },
    metric(series) {
      const line = metrics.render().split('\n').find((l) => l.startsWith(series + ' '));
      return line ? Number(line.slice(series.length + 1)) : 0;
    },
    async idle(ms = 3000) {
      const until = Date.now() + ms;
      while (server.stats.active > 0) {
        if (Date.now() > until) throw new Error(`${server.stats.active} sessions still active`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      await Promise.all(sockets.map((s) => s.close()));
      await server.close();
    },
  };
}
