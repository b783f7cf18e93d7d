/** @module A forked TFTP load client (see tftp-client.ts): gets its options, runs, answers the result. */
import { runTftpHere, type TftpLoadOptions } from './tftp-client.js';

process.once('message', (m: unknown) => {
  const opts = m as TftpLoadOptions;
  // Structured clone hands Buffers over as Uint8Arrays: make them Buffers again.
  const files = opts.files.map((f) => ({ name: f.name, body: Buffer.from(f.body.buffer, f.body.byteOffset, f.body.byteLength) }));
  void runTftpHere({ ...opts, files }).then((r) => process.send!(r, () => process.exit(0)));
});
