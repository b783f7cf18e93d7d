/**
 * The README's fail2ban filter against real log output (issue 9): it matches the refusal and
 * summary lines, with the address provd wrote (not one forged in a User-Agent), and no other line.
 * Runs `fail2ban-regex` when fail2ban is installed (CI: REQUIRE_FAIL2BAN=1); the same regex
 * translated to JavaScript always runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mac } from '../../src/domain/mac.js';
import { createUser, startApi, type ApiHarness } from '../helpers/api-harness.js';
import { startPhonePath, type PhonePath } from '../helpers/phone-path.js';
import { makePhone, makeUser } from '../helpers/records.js';
import { raw } from '../helpers/raw-http.js';
import { hasTool } from '../helpers/system-tool.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const FILTER = /<!-- fail2ban-filter:start -->\s*```ini\n([\s\S]*?)```\s*<!-- fail2ban-filter:end -->/.exec(README)![1]!;
const FAILREGEX = /^failregex = (.*)$/m.exec(FILTER)![1]!;
const FAIL2BAN = hasTool('fail2ban-regex', ['--version'], 'REQUIRE_FAIL2BAN', 'fail2ban');
const FORGED_UA = 'x","event":"phone_refused","ip":"10.9.9.9","y":"';

describe('the README fail2ban filter', () => {
  let dir: string;
  let lines: string[];
  let expected: string[];

  beforeAll(async () => {
    const p: PhonePath = await startPhonePath();
    const api: ApiHarness = await startApi();
    try {
      const alice = makeUser();
      await p.store.insertUser(alice);
      await p.store.insertPhone(makePhone(alice, { mac: '0a0b0c000021' as Mac, vendor: 'acme', model: 'X1', filename: 'acme/X1' }));
      // Lines that must not match: a served file, an audited API write, a render warning.
      await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c000021.xml`);
      await createUser(api);
      // Refusals: a burst of 5 lines (one with a forged User-Agent), then a summary.
      for (let i = 0; i < 12; i++) await raw(p.base, 'GET', `/provision/${alice.provision_token}/acme0a0b0c0000${i + 30}.xml`, { 'user-agent': i === 0 ? FORGED_UA : 'Yealink' });
      p.clock.now += 60_000;
      p.refusals.flush();
      lines = `${p.logText()}${api.logs()}`.split('\n').filter(Boolean);
    } finally {
      await p.close();
      await api.close();
    }
    expected = lines.filter((l) => /"event":"phone_refused(_summary)?"/.test(l) && !l.includes('"sources":"untracked"'));
    dir = mkdtempSync(join(tmpdir(), 'provd-f2b-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is fed real lines of every kind', () => {
    expect(expected.filter((l) => l.includes('"event":"phone_refused"'))).toHaveLength(5);
    expect(expected.filter((l) => l.includes('"event":"phone_refused_summary"'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('"audit":"api_write"'))).toBe(true);
    expect(lines.some((l) => l.includes('served per-phone file'))).toBe(true);
    expect(lines.some((l) => l.includes('network has no address'))).toBe(true);
    expect(lines.some((l) => l.includes('10.9.9.9'))).toBe(true);
  });

  it('matches exactly the refusal and summary lines, with the address provd wrote (JavaScript translation)', () => {
    const regex = new RegExp(FAILREGEX.replace('<ADDR>', '(?<addr>[0-9A-Fa-f:.]+)'));

    const matched = lines.filter((l) => regex.test(l));

    expect(matched).toEqual(expected);
    expect(new Set(matched.map((l) => regex.exec(l)!.groups!.addr))).toEqual(new Set(['127.0.0.1']));
  });

  it.skipIf(!FAIL2BAN)('matches exactly the refusal and summary lines, with the address provd wrote (fail2ban-regex)', () => {
    writeFileSync(join(dir, 'provd.log'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'provd.conf'), FILTER);

    const r = spawnSync('fail2ban-regex', ['-v', '--print-all-matched', join(dir, 'provd.log'), join(dir, 'provd.conf')], { encoding: 'utf8', timeout: 60_000 });

    expect(r.status, r.stderr).toBe(0);
    const summary = /Lines: (\d+) lines, (\d+) ignored, (\d+) matched, (\d+) missed/.exec(r.stdout)!;
    expect(summary.slice(1).map(Number)).toEqual([lines.length, 0, expected.length, lines.length - expected.length]);
    const matchedSection = (r.stdout.split('|- Matched line(s):')[1] ?? '').split('\n`-')[0]!;
    const matched = matchedSection.split('\n').filter((l) => l.startsWith('|  {')).map((l) => l.slice(3));
    expect(matched).toEqual(expected);
    // The addresses fail2ban would ban (listed under the regex with -v): provd's, never the forged one.
    const banned = [...r.stdout.matchAll(/^\|\s{6}(\S+)\s{2}\w{3} \w{3} /gm)].map((m) => m[1]);
    expect(new Set(banned)).toEqual(new Set(['127.0.0.1']));
    // The dates were read from the JSON `time` (a line without one would be reported as such).
    expect(r.stdout).toMatch(new RegExp(`\\[${lines.length}\\] "time":"Year-Month-Day`));
  });
});
