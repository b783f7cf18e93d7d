/**
 * @module Progress of a long command on stderr: on a terminal one bar redrawn in place (done,
 * total, percent, rate, ETA), at most ten times a second; elsewhere plain lines (at every 10 %
 * and at least every 5 s), so logs and CI show progress without control characters.
 */

export interface ProgressOutput {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width; the bar fits in it. */
  readonly columns?: number;
}

export interface Progress {
  /** One item done (`failed`: it failed). */
  tick(failed?: boolean): void;
  /** Draws the final state (and ends the terminal line). */
  finish(): void;
}

/** A progress display for `total` items named `unit` (e.g. "rows"). `now` is for tests. */
export function createProgress(out: ProgressOutput, total: number, unit: string, now: () => number = Date.now): Progress {
  const start = now();
  let done = 0;
  let failed = 0;
  let lastDraw = 0;
  let lastStep = 0;
  const status = () => {
    const seconds = Math.max((now() - start) / 1000, 0.001);
    const rate = done / seconds;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    return { pct, text: `${done}/${total} ${unit} (${pct}%), ${rate.toFixed(rate < 10 ? 1 : 0)} ${unit}/s, ETA ${clock(eta)}${failed ? `, ${failed} failed` : ''}` };
  };
  const draw = (final: boolean) => {
    const { pct, text } = status();
    if (out.isTTY) {
      const width = Math.max(10, Math.min(40, (out.columns || 80) - text.length - 4));
      const filled = Math.round((width * pct) / 100);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K${final ? '\n' : ''}`);
    } else {
      out.write(`progress: ${text}\n`);
    }
  };
  return {
    tick(isFailed = false) {
      done++;
      if (isFailed) failed++;
      const t = now();
      const step = total === 0 ? 10 : Math.floor((done * 10) / total);
      if (done === total) return; // finish() draws the last state
      if (out.isTTY ? t - lastDraw >= 100 : step > lastStep || t - lastDraw >= 5000) {
        lastDraw = t;
        lastStep = step;
        draw(false);
      }
    },
    finish() {
      draw(true);
    },
  };
}

// --- internal ---

/** Seconds as m:ss (or h:mm:ss). @example clock(75) === '1:15' */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
