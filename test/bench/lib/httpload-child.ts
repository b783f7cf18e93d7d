/** @module A forked HTTP load client (see httpload.ts): gets its jobs, says ready, runs on "go", answers the result. */
import { runHere, type HttpJob } from './httpload.js';

let work: { port: number; jobs: HttpJob[]; concurrency: number } | undefined;
process.on('message', (m: unknown) => {
  if (m !== 'go') {
    work = m as typeof work;
    // Structured clone hands Buffers over as Uint8Arrays: make them Buffers again.
    for (const j of work!.jobs) for (const r of j.requests) (r as { expected: Buffer }).expected = Buffer.from(r.expected.buffer, r.expected.byteOffset, r.expected.byteLength);
    process.send!('ready');
    return;
  }
  void runHere(work!.port, work!.jobs, work!.concurrency).then((r) => process.send!(r, () => process.exit(0)));
});
