import { describe, expect, it } from 'vitest';
import { checkFilename } from '../../src/tftp/filename.js';

describe('checkFilename', () => {
  it.each([
    ['SEP001565AABBCC.cnf.xml', 'SEP001565AABBCC.cnf.xml'],
    ['/y000000000028.cfg', 'y000000000028.cfg'],
    ['cfg000b82aabbcc.xml', 'cfg000b82aabbcc.xml'],
    ['firmware/T46S-66.86.0.15.rom', 'firmware/T46S-66.86.0.15.rom'],
    ['/dir/file name.cfg', 'dir/file name.cfg'],
    ['a..b.cfg', 'a..b.cfg'],
    ['...', '...'],
    ['x'.repeat(255), 'x'.repeat(255)],
    ['/' + 'x'.repeat(254), 'x'.repeat(254)],
  ])('accepts %j as %j', (raw, name) => {
    expect(checkFilename(raw)).toEqual({ ok: true, name });
  });

  it.each([
    ['', 'empty name'],
    ['/', 'empty name'],
    ['../x', 'parent directory segment'],
    ['/../x', 'parent directory segment'],
    ['subdir/../../x', 'parent directory segment'],
    ['a/..', 'parent directory segment'],
    ['..', 'parent directory segment'],
    ['//etc/passwd', 'absolute path'],
    ['C:/boot.ini', 'absolute path'],
    ['c:x', 'absolute path'],
    ['..\\..\\x', 'backslash'],
    ['C:\\Windows\\win.ini', 'backslash'],
    ['a\0b', 'non-printable or non-ASCII character'],
    ['a\x01b', 'non-printable or non-ASCII character'],
    ['a\tb', 'non-printable or non-ASCII character'],
    ['a\x7fb', 'non-printable or non-ASCII character'],
    ['caf\u00e9.cfg', 'non-printable or non-ASCII character'],
    ['x'.repeat(256), 'name too long'],
    ['/' + 'x'.repeat(255), 'name too long'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(checkFilename(raw)).toEqual({ ok: false, reason });
  });
});
