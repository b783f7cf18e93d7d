/**
 * @module Whether a system tool a test drives is installed (xmllint, fail2ban-regex). Missing:
 * the test is skipped with the reason printed, unless CI set `REQUIRE_<NAME>=1`, which turns the
 * skip into a failure (like REQUIRE_TFTP_CLIENTS).
 */
import { spawnSync } from 'node:child_process';

/** Runs `bin args` once; true when it ran. `requireVar` names the CI switch, `pkg` the Debian package. */
export function hasTool(bin: string, args: readonly string[], requireVar: string, pkg: string): boolean {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 10_000 });
  if (!r.error) return true;
  const why = `${bin}: not found (apt-get install -y ${pkg})`;
  if (process.env[requireVar] === '1') throw new Error(`${requireVar}=1 but ${why}`);
  console.log(`skipping: ${why}`);
  return false;
}
