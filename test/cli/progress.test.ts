/** The progress display: a bar redrawn in place on a terminal, plain lines elsewhere; rate and ETA from the clock. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

/** A progress over a fake stream and clock; `advance(ms)` moves the clock. */
function setup(isTTY: boolean, total: number) {
  let now = 0;
  let text = '';
  const progress = createProgress({ write: (s) => (text += s), isTTY, columns: 100 }, total, 'rows', () => now);
  return { progress, advance: (ms: number) => (now += ms), text: () => text };
}

describe('createProgress', () => {
  it('prints a plain line at every 10 % off a terminal, with rate, ETA and failures', () => {
    const { progress, advance, text } = setup(false, 20);

    for (let i = 0; i < 20; i++) {
      advance(100); // 10 rows/s
      progress.tick(i === 4);
    }
    progress.finish();

    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('progress: 2/20 rows (10%), 10 rows/s, ETA 0:02');
    expect(lines.at(-1)).toBe('progress: 20/20 rows (100%), 10 rows/s, ETA 0:00, 1 failed');
    expect(text()).not.toMatch(/[\r\x1b]/);
  });

  it('prints a line at least every 5 s off a terminal, even between 10 % steps', () => {
    const { progress, advance, text } = setup(false, 1000);

    advance(1000);
    progress.tick();
    advance(1000);
    progress.tick(); // 2 s since the start: nothing yet
    advance(4000);
    progress.tick(); // 6 s

    expect(text().trimEnd().split('\n')).toEqual(['progress: 3/1000 rows (0%), 0.5 rows/s, ETA 33:14']);
  });

  it('redraws one bar in place on a terminal, at most ten times a second, ending the line when done', () => {
    const { progress, advance, text } = setup(true, 4);

    progress.tick();
    progress.tick(); // same instant: no redraw
    advance(100);
    progress.tick();
    advance(100);
    progress.tick();
    progress.finish();

    const frames = text().split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^\[#+\.+\] 3\/4 rows \(75%\), 30 rows\/s, ETA 0:00\x1b\[K$/);
    expect(frames[1]).toMatch(/^\[#+\] 4\/4 rows \(100%\), 20 rows\/s, ETA 0:00\x1b\[K\n$/);
  });
});
