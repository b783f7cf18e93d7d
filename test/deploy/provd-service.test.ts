/**
 * The systemd unit of src/deploy/ (issue 9): valid for `systemd-analyze verify` once its paths
 * are substituted as the README's install steps do, hardened, and started on the compiled build.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readConfigSource } from '../../src/config-source.js';
import { loadConfig } from '../../src/config.js';
import { ROOT } from '../helpers/server-process.js';

const UNIT = readFileSync(join(ROOT, 'src', 'deploy', 'provd.service'), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ANALYZE = '/usr/bin/systemd-analyze';

/** The unit for an install in `dir` with Node at `node`: the README's two sed substitutions. */
function installed(dir: string, node: string): string {
  return UNIT.replaceAll('/opt/provd', dir.replace(/\/$/, '')).replaceAll('/usr/bin/node', node);
}

describe('src/deploy/provd.service', () => {
  it('names the substitutions the README install steps make', () => {
    expect(README).toContain('-e "s|/opt/provd|$PWD|g" -e "s|/usr/bin/node|$(command -v node)|g" src/deploy/provd.service');
  });

  it('starts node on dist/main.js, reloads with SIGHUP, and runs hardened as its own user', () => {
    const unit = installed(ROOT, process.execPath);

    expect(unit).toContain(`ExecStart=${process.execPath} ${join(ROOT, 'dist', 'main.js')} serve`);
    expect(unit).toMatch(/^ExecReload=\/bin\/kill -HUP \$MAINPID$/m);
    for (const line of ['User=provd', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'StateDirectory=provd', 'AmbientCapabilities=CAP_NET_BIND_SERVICE', 'KillMode=mixed']) {
      expect(unit).toMatch(new RegExp(`^${line.replace('$', '\\$')}$`, 'm'));
    }
    // Writable under ProtectSystem=strict only through StateDirectory (/var/lib/provd).
    expect(unit).toMatch(/^Environment=PROV_DATA_DIR=\/var\/lib\/provd\/data$/m);
    expect(unit).toMatch(/^Environment=PROV_CERTS_DIR=\/var\/lib\/provd\/certs$/m);
  });

  if (!existsSync(ANALYZE)) it.skip(`systemd-analyze verify: skipped, ${ANALYZE} is not installed on this machine`, () => {});
  else it('passes systemd-analyze verify without a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provd-unit-'));
    try {
      const file = join(dir, 'provd.service');
      writeFileSync(file, installed(ROOT, process.execPath));

      const result = await promisify(execFile)(ANALYZE, ['verify', file]).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr })
      );

      expect(result).toEqual({ code: 0, out: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships an example PROV_CONFIG_FILE that loads without a warning', () => {
    const source = readConfigSource({ PROV_CONFIG_FILE: join(ROOT, 'src', 'deploy', 'provd.conf') });

    expect(source.warnings).toEqual([]);
    expect(loadConfig(source.env)).toMatchObject({ http: { port: 80 }, https: { port: 443 }, tftp: { port: 69 } });
  });
});
