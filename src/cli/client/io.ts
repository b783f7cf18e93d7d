/** @module The streams a client command writes to: results on stdout, progress and problems on stderr. */

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal (progress bars redraw in place there). */
  readonly errIsTTY: boolean;
  /** Terminal width when known. */
  readonly columns: number | undefined;
}

/** The CommandIo of a process (the real one, or a test's stand-in with write()). */
export function ioOf(proc: NodeJS.Process): CommandIo {
  const stderr = proc.stderr as NodeJS.WriteStream | undefined;
  return {
    out: (text) => void proc.stdout.write(text),
    err: (text) => void proc.stderr.write(text),
    errIsTTY: Boolean(stderr?.isTTY),
    columns: stderr?.columns,
  };
}
