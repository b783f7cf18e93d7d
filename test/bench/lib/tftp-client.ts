/**
 * @module A TFTP load client on node:dgram (RFC 1350 + blksize, RFC 2348) that injects faults on
 * its own side: it drops a fraction of the DATA packets it receives (as if lost on the wire) and
 * sends a fraction of its ACKs twice. Every transfer is byte-verified against the expected file.
 * `inFlight` transfers run at once, each from a fresh socket (its own TID), for `seconds`.
 */
import { fork } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export interface TftpLoadOptions {
  readonly port: number;
  readonly files: readonly { readonly name: string; readonly body: Buffer }[];
  readonly inFlight: number;
  /** 512 = plain RFC 1350 request (no options); anything else is asked for with `blksize`. */
  readonly blksize: number;
  /** Probability that a received DATA packet is dropped. */
  readonly dropData: number;
  /** Probability that an ACK is sent twice. */
  readonly dupAck: number;
  readonly seconds: number;
  /** Source addresses, used round-robin by transfer slot. */
  readonly sources: readonly string[];
  /** Resend the last packet after this long without an answer (default 2000 ms). */
  readonly retransmitMs?: number;
  /** A transfer not done after this long has failed (default 20 s). */
  readonly giveUpMs?: number;
}

export interface TftpLoadResult {
  readonly seconds: number;
  /** Transfers completed (verified) within `seconds`. */
  readonly okInWindow: number;
  readonly ok: number;
  readonly failed: number;
  readonly failures: Record<string, number>;
  readonly latenciesMs: number[];
  readonly dataReceived: number;
  readonly dataDropped: number;
  /** DATA packets beyond the blocks needed: the server's retransmissions seen by the client. */
  readonly serverRetransmits: number;
  readonly acksSent: number;
  readonly dupAcksSent: number;
  readonly clientRetransmits: number;
  readonly clientCpuSeconds: number;
}

const OP = { RRQ: 1, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

function rrq(name: string, blksize: number): Buffer {
  const parts = [name, 'octet', ...(blksize === 512 ? [] : ['blksize', String(blksize)])];
  return Buffer.concat([Buffer.from([0, OP.RRQ]), ...parts.map((p) => Buffer.from(`${p}\0`, 'latin1'))]);
}

function ack(block: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt16BE(OP.ACK, 0);
  b.writeUInt16BE(block & 0xffff, 2);
  return b;
}

interface Counters {
  dataReceived: number;
  dataDropped: number;
  blocksNeeded: number;
  acksSent: number;
  dupAcksSent: number;
  clientRetransmits: number;
}

/** One transfer; resolves with undefined on success or the failure kind. */
function transfer(opts: TftpLoadOptions, file: { name: string; body: Buffer }, source: string, c: Counters): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket: Socket = createSocket('udp4');
    const chunks: Buffer[] = [];
    let blksize = 512;
    let expect = 1;
    let serverPort: number | undefined;
    const request = rrq(file.name, opts.blksize);
    let last = request;
    let done = false;
    let retransmit: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => finish('timeout'), opts.giveUpMs ?? 20_000);
    const send = (pkt: Buffer) => {
      last = pkt;
      // A repeated RRQ goes to the server's request port, never to the transfer's TID.
      socket.send(pkt, pkt === request || serverPort === undefined ? opts.port : serverPort, '127.0.0.1');
      clearTimeout(retransmit);
      retransmit = setTimeout(resend, opts.retransmitMs ?? 2000);
    };
    // dgram sends complete asynchronously: close only once the final ACK(s) went out.
    const sendFinalAck = (block: number, then: () => void) => {
      c.acksSent++;
      if (Math.random() < opts.dupAck) {
        socket.send(ack(block), serverPort!, '127.0.0.1');
        c.dupAcksSent++;
      }
      socket.send(ack(block), serverPort!, '127.0.0.1', then);
    };
    const resend = () => {
      c.clientRetransmits++;
      send(last);
    };
    const sendAck = (block: number, faults: boolean) => {
      send(ack(block));
      c.acksSent++;
      if (faults && Math.random() < opts.dupAck) {
        socket.send(ack(block), serverPort!, '127.0.0.1');
        c.dupAcksSent++;
      }
    };
    const finish = (failure?: string) => {
      if (done) return;
      done = true;
      clearTimeout(giveUp);
      clearTimeout(retransmit);
      socket.close();
      resolve(failure);
    };
    socket.on('error', (err) => finish(`socket ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      if (done || msg.length < 4) return;
      const op = msg.readUInt16BE(0);
      if (op === OP.DATA) {
        c.dataReceived++;
        if (Math.random() < opts.dropData) {
          c.dataDropped++; // lost on the wire: never seen, not even its TID
          return;
        }
      }
      if (serverPort === undefined) serverPort = rinfo.port;
      else if (rinfo.port !== serverPort) return; // another TID: not ours
      if (op === OP.ERROR) return finish(`ERROR ${msg.readUInt16BE(2)} ${msg.subarray(4, msg.length - 1).toString('latin1')}`);
      if (op === OP.OACK) {
        if (expect !== 1) return;
        const fields = msg.subarray(2).toString('latin1').split('\0');
        const i = fields.findIndex((f) => f.toLowerCase() === 'blksize');
        if (i !== -1) blksize = Number(fields[i + 1]);
        return sendAck(0, true);
      }
      if (op !== OP.DATA) return finish(`unexpected opcode ${op}`);
      const block = msg.readUInt16BE(2);
      if (block === ((expect - 1) & 0xffff)) return sendAck(block, false); // a resend of one we have
      if (block !== (expect & 0xffff)) return;
      const data = msg.subarray(4);
      chunks.push(Buffer.from(data));
      expect++;
      if (data.length < blksize) {
        c.blocksNeeded += expect - 1;
        const failure = Buffer.concat(chunks).equals(file.body) ? undefined : 'bytes differ';
        clearTimeout(retransmit);
        sendFinalAck(block, () => finish(failure));
      } else sendAck(block, true);
    });
    socket.bind({ address: source, port: 0 }, () => send(last));
  });
}

/** Runs the load in this process. */
export async function runTftpHere(opts: TftpLoadOptions): Promise<TftpLoadResult> {
  const c: Counters = { dataReceived: 0, dataDropped: 0, blocksNeeded: 0, acksSent: 0, dupAcksSent: 0, clientRetransmits: 0 };
  const failures: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let okInWindow = 0;
  let failed = 0;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.inFlight }, async (_, slot) => {
      const source = opts.sources[slot % opts.sources.length]!;
      while (performance.now() < deadline) {
        const file = opts.files[next++ % opts.files.length]!;
        const start = performance.now();
        const failure = await transfer(opts, file, source, c);
        const end = performance.now();
        if (failure) {
          failed++;
          failures[failure] = (failures[failure] ?? 0) + 1;
        } else {
          ok++;
          if (end <= deadline) okInWindow++;
          latencies.push(end - start);
        }
      }
    })
  );
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: opts.seconds,
    okInWindow,
    ok,
    failed,
    failures,
    latenciesMs: latencies,
    dataReceived: c.dataReceived,
    dataDropped: c.dataDropped,
    serverRetransmits: c.dataReceived - c.blocksNeeded,
    acksSent: c.acksSent,
    dupAcksSent: c.dupAcksSent,
    clientRetransmits: c.clientRetransmits,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Runs the load split over `processes` forked clients (slots divided among them). */
export async function runTftpLoad(opts: TftpLoadOptions, processes = 1): Promise<TftpLoadResult> {
  if (processes <= 1) return runTftpHere(opts);
  const results = await Promise.all(
    Array.from({ length: processes }, (_, p) => {
      const child = fork(new URL('./tftp-client-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
      const share = { ...opts, inFlight: Math.ceil(opts.inFlight / processes), sources: opts.sources.filter((_, i) => i % processes === p) };
      return new Promise<TftpLoadResult>((resolve, reject) => {
        child.once('message', (m) => resolve(m as TftpLoadResult));
        child.once('error', reject);
        child.send(share);
      });
    })
  );
  const sum = (f: (r: TftpLoadResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const failures: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
  return {
    seconds: opts.seconds,
    okInWindow: sum((r) => r.okInWindow),
    ok: sum((r) => r.ok),
    failed: sum((r) => r.failed),
    failures,
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    dataReceived: sum((r) => r.dataReceived),
    dataDropped: sum((r) => r.dataDropped),
    serverRetransmits: sum((r) => r.serverRetransmits),
    acksSent: sum((r) => r.acksSent),
    dupAcksSent: sum((r) => r.dupAcksSent),
    clientRetransmits: sum((r) => r.clientRetransmits),
    clientCpuSeconds: sum((r) => r.clientCpuSeconds),
  };
}
