/**
 * Where the configuration comes from (issue 9): PROV_CONFIG_FILE under the environment, warnings
 * for unknown PROV_* names (a typo was silent), and the start-up check of the templates folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../src/config-names.js';
import { checkPaths, readConfigSource } from '../src/config-source.js';
import { CONFIG_KEYS, loadConfig } from '../src/config.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'provd-config-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configFile(text: string): string {
  const file = join(dir, 'provd.conf');
  writeFileSync(file, text);
  return file;
}

describe('readConfigSource with PROV_CONFIG_FILE', () => {
  it('takes KEY=value lines of the file (comments, quotes, export), which loadConfig then reads', () => {
    const file = configFile('# provd\nPROV_HTTP_PORT=8090\nexport PROV_STORE="memory"\n\nPROV_DEFAULT_TIMEZONE=Europe/Berlin # comment\n');

    const source = readConfigSource({ PROV_CONFIG_FILE: file });
    const config = loadConfig(source.env);

    expect(config.http.port).toBe(8090);
    expect(config.store.kind).toBe('memory');
    expect(config.defaultTimezone).toBe('Europe/Berlin');
    expect(source.warnings).toEqual([]);
  });

  it('lets a value set in the environment win over the file, and says so', () => {
    const file = configFile('PROV_HTTP_PORT=8090\nPROV_API_PORT=9091\n');

    const source = readConfigSource({ PROV_CONFIG_FILE: file, PROV_HTTP_PORT: '7070', PROV_API_PORT: '9091' });

    expect(loadConfig(source.env).http.port).toBe(7070);
    expect(source.warnings).toEqual(["PROV_HTTP_PORT: set in PROV_CONFIG_FILE and in the environment; the environment's value is used"]);
  });

  it('counts a blank environment value as unset: the file value applies', () => {
    const file = configFile('PROV_HTTP_PORT=8090\n');

    expect(loadConfig(readConfigSource({ PROV_CONFIG_FILE: file, PROV_HTTP_PORT: ' ' }).env).http.port).toBe(8090);
  });

  it('refuses an unreadable file with one line naming the variable and the path', () => {
    const missing = join(dir, 'nope.conf');

    expect(() => readConfigSource({ PROV_CONFIG_FILE: missing })).toThrow(`PROV_CONFIG_FILE: cannot read ${missing} (ENOENT)`);
  });

  it('refuses a line that is not KEY=value, naming the line', () => {
    const file = configFile('PROV_HTTP_PORT=8090\nPROV_STORE memory\n');

    expect(() => readConfigSource({ PROV_CONFIG_FILE: file })).toThrow(`PROV_CONFIG_FILE: ${file} line 2 is not KEY=value`);
  });
});

describe('unknown names', () => {
  it('warns about an unknown PROV_ variable with the nearest known name', () => {
    const source = readConfigSource({ PROV_HTTP_PROT: '80', PATH: '/usr/bin', HOME: '/root' });

    expect(source.warnings).toEqual(['PROV_HTTP_PROT: unknown; did you mean PROV_HTTP_PORT?']);
  });

  it('warns without a guess when no known name is close', () => {
    expect(readConfigSource({ PROV_SOMETHING_ELSE: '1' }).warnings).toEqual(['PROV_SOMETHING_ELSE: unknown']);
  });

  it('warns about an unknown key in the file, saying where it is', () => {
    const file = configFile('PROV_TFTP_ALOW=10.0.0.0/8\n');

    expect(readConfigSource({ PROV_CONFIG_FILE: file }).warnings).toEqual(['PROV_TFTP_ALOW: unknown (in PROV_CONFIG_FILE); did you mean PROV_TFTP_ALLOW?']);
  });

  it('knows every variable loadConfig reads and PROV_CONFIG_FILE itself', () => {
    const env = Object.fromEntries([...CONFIG_KEYS].map((k) => [k, '']));

    expect(readConfigSource(env).warnings).toEqual([]);
    expect(CONFIG_KEYS).toContain('PROV_HTTP_PORT');
  });

  it('measures typos as edits: a swap of neighbours is one, and far names get no guess', () => {
    expect(editDistance('PROV_HTTP_PROT', 'PROV_HTTP_PORT')).toBe(1);
    expect(nearest('PROV_WORKER', CONFIG_KEYS)).toBe('PROV_WORKERS');
    expect(nearest('prov_store', CONFIG_KEYS)).toBe('PROV_STORE');
    expect(nearest('PROV_COLOUR', CONFIG_KEYS)).toBeUndefined();
  });
});

describe('checkPaths', () => {
  it('names PROV_TEMPLATES_DIR and the path when the folder does not exist', () => {
    const env = { PROV_TEMPLATES_DIR: join(dir, 'missing') };

    expect(checkPaths(loadConfig(env), env)).toEqual([`PROV_TEMPLATES_DIR: ${join(dir, 'missing')} is not a folder`]);
  });

  it('says when the missing folder is the default of the install folder', () => {
    const config = loadConfig({}, { installDir: dir });

    expect(checkPaths(config, {})).toEqual([`PROV_TEMPLATES_DIR (unset): the default ${join(dir, 'templates')} is not a folder`]);
  });

  it('accepts an existing templates folder', () => {
    expect(checkPaths(loadConfig({}), {})).toEqual([]);
  });
});
