/**
 * `provd vendors table`, run as the bin: prints the README section, or rewrites it in a README (the
 * default --write target, the install folder's README.md, is not written by a test).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sectionBody } from '../../src/vendor-table/readme.js';
import { vendorTable } from '../../src/vendor-table/table.js';
import { runProvd } from '../helpers/cli.js';
import { TEMPLATES, vendors } from '../helpers/vendor-render.js';

const dir = mkdtempSync(join(tmpdir(), 'provd-vendors-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const expected = sectionBody(vendorTable(vendors));

describe('provd vendors table', () => {
  it('prints the generated section for the shipped templates', async () => {
    expect(await runProvd(['vendors', 'table'])).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  it('--write <file> replaces only the lines between the markers, and a second run changes nothing', async () => {
    const file = join(dir, 'README.md');
    writeFileSync(file, '# Title\n\n<!-- vendors:begin -->\nstale\n<!-- vendors:end -->\n\nafter\n');

    const run = await runProvd(['vendors', 'table', '--write', file]);

    expect(run).toEqual({ code: 0, stdout: `${file}: vendor table written\n`, stderr: '' });
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(`# Title\n\n<!-- vendors:begin -->\n${expected}<!-- vendors:end -->\n\nafter\n`);
    await runProvd(['vendors', 'table', '--write', file]);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it('--templates <dir> reads another templates folder (one vendor left out, one model less)', async () => {
    const templates = join(dir, 'templates');
    cpSync(TEMPLATES, templates, { recursive: true });
    rmSync(join(templates, 'akuvox'), { recursive: true });

    const run = await runProvd(['vendors', 'table', '--templates', templates]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`**${vendors.length - 1} vendors,`);
    expect(run.stdout).not.toContain('Akuvox');
  });

  it('refuses a README without the markers with exit code 1 and leaves it as it was', async () => {
    const file = join(dir, 'plain.md');
    writeFileSync(file, '# No markers\n');

    const run = await runProvd(['vendors', 'table', '--write', file]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('<!-- vendors:begin -->');
    expect(readFileSync(file, 'utf8')).toBe('# No markers\n');
  });

  it('answers a descriptor that does not load with exit code 1, naming its file', async () => {
    const templates = join(dir, 'broken');
    cpSync(join(TEMPLATES, 'htek'), join(templates, 'htek'), { recursive: true });
    writeFileSync(join(templates, 'htek', 'vendor.json'), '{ not json');

    const run = await runProvd(['vendors', 'table', '--templates', templates]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(templates, 'htek', 'vendor.json'));
  });

  it('answers an unknown action with exit code 2', async () => {
    expect((await runProvd(['vendors', 'list'])).code).toBe(2);
    expect((await runProvd(['vendors'])).code).toBe(2);
  });

  it('is listed by provd help', async () => {
    expect((await runProvd(['help'])).stdout).toMatch(/^ {2}vendors +vendors table: /m);
  });
});

