/**
 * The data-epoch watchdog over a SQLite store whose marker the test removes and restores by hand:
 * one error line and one count per loss (however many checks), caches told to drop (a `reset`)
 * only when the data is back, a warning only when a start had to write a new marker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataEpochWatch } from '../../src/health/data-epoch.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { StoreEvent } from '../../src/store/types.js';

const dir = mkdtempSync(join(tmpdir(), 'provd-epoch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Levels as pino numbers or, once the logger writes them so, as names. */
const atLevel = (l: { level: number | string }, name: 'error' | 'warn') => l.level === name || l.level === { error: 50, warn: 40 }[name];

function watchOn(file: string) {
  const lines: { level: number | string; msg: string }[] = [];
  const destination = new Writable({ write: (c, _e, cb) => (lines.push(...String(c).split('\n').filter(Boolean).map((l) => JSON.parse(l))), cb()) });
  const store = createSqliteStore({ file });
  const metrics = createMetrics();
  const watch = createDataEpochWatch({ store, logger: createLogger({ level: 'info', destination }), metrics, intervalMs: 60_000 });
  return { store, watch, metrics, lines, close: async () => (watch.stop(), await store.close()) };
}

describe('the data-epoch watchdog', () => {
  it('warns when it has to write a new marker at start, and not when one is there', async () => {
    const file = join(dir, 'warn.sqlite');
    const first = watchOn(file);
    await first.watch.start();
    await first.close();
    const second = watchOn(file);
    await second.watch.start();
    await second.close();

    expect(first.lines.filter((l) => /no data-epoch marker/.test(l.msg))).toHaveLength(1);
    expect(second.lines.filter((l) => /no data-epoch marker/.test(l.msg))).toHaveLength(0);
  });

  it('reports a loss once, holds caches, and lets them drop when the data is back', async () => {
    const file = join(dir, 'cycle.sqlite');
    const w = watchOn(file);
    await w.watch.start();
    const epoch = await w.store.readEpoch();
    const seen: StoreEvent[] = [];
    w.watch.store.subscribe((e) => seen.push(e));
    const raw = new Database(file);

    raw.prepare("DELETE FROM meta WHERE key = 'epoch'").run();
    const states = [await w.watch.check(), await w.watch.check(), await w.watch.check()];

    expect(states).toEqual(['lost', 'lost', 'lost']);
    expect(w.watch.isLost()).toBe(true);
    expect(w.lines.filter((l) => atLevel(l, 'error') && /lost its data/.test(l.msg))).toHaveLength(1);
    expect(w.metrics.render()).toMatch(/^provd_store_data_lost_total 1$/m);
    expect(seen).toEqual([]);

    raw.prepare("INSERT INTO meta (key, value) VALUES ('epoch', ?)").run(epoch);
    raw.close();

    expect(await w.watch.check()).toBe('intact');
    expect(w.watch.isLost()).toBe(false);
    expect(seen).toEqual([{ kind: 'reset' }]);
    expect(w.lines.filter((l) => atLevel(l, 'warn') && /has its data back/.test(l.msg))).toHaveLength(1);
    await w.close();
  });
});
