/**
 * Every vendor's files, for a user and phone whose text fields hold every kind of unusual
 * character the API accepts, are well-formed for xmllint (issue 9: a U+FFFE display name made
 * Grandstream, Snom and Fanvil files xmllint rejects; the API now refuses it, see test/api/body.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWith } from '../../src/domain/fields.js';
import { findBadText } from '../../src/domain/text.js';
import { UserCreateSchema } from '../../src/domain/user.js';
import { hasTool } from '../helpers/system-tool.js';
import { registry, renderDirectoryFile, renderVendorFile, vendors, type FixtureInput } from '../helpers/vendor-render.js';

const XMLLINT = hasTool('xmllint', ['--version'], 'REQUIRE_XMLLINT', 'libxml2-utils');
const dir = mkdtempSync(join(tmpdir(), 'provd-xml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Emoji (with ZWJ and skin tone), CJK, combining marks, XML specials, private use, the last code point. */
const UNUSUAL = `Zoë 😀👩🏽‍💻 李小龙 東京 Jose\u0301 & <Co> "q" 'a' \ue000\u{10fffd}`;

/** Puts `text` into every free text field of the fixture that a file may show. */
function withText(text: string) {
  return (input: FixtureInput) => {
    Object.assign(input.user, { display_name: text, address: text, department: text, blfs: input.user.blfs.map((b) => ({ ...b, first_name: text, last_name: text })) });
    Object.assign(input.phone, { serial_number: text.slice(0, 64) });
  };
}

/** Renders every file of every model of `vendorId` with `text` and answers the XML ones' paths. */
function renderXml(vendorId: string, text: string): string[] {
  const descriptor = vendors.find((v) => v.id === vendorId)!.descriptor;
  const paths: string[] = [];
  for (const model of Object.keys(descriptor.models)) {
    for (const { file } of registry.filesFor(vendorId, model, `${descriptor.ouis[0]}a1b2c3` as never)) {
      const { name, text: body } = renderVendorFile(vendorId, model, file.id, 'full', withText(text));
      if (file.format !== 'xml') continue;
      const path = join(dir, `${vendorId}-${model}-${name}`.replace(/[^A-Za-z0-9.-]/g, '_'));
      writeFileSync(path, body);
      paths.push(path);
    }
  }
  // Directory files: the text as a user's name, and as its mobile and work numbers would never be.
  for (const file of descriptor.files.filter((f) => f.scope === 'directory')) {
    const { name, text: body } = renderDirectoryFile(vendorId, file.id, [{ extension: '101', name: text, mobile: '+1 555 0100', work: '+1 555 0199' }]);
    const path = join(dir, `${vendorId}-directory-${name}`.replace(/[^A-Za-z0-9.-]/g, '_'));
    writeFileSync(path, body);
    paths.push(path);
  }
  return paths;
}

function xmllint(paths: readonly string[]) {
  return spawnSync('xmllint', ['--noout', ...paths], { encoding: 'utf8' });
}

describe('XML files with unusual characters', () => {
  it('uses text the API accepts, and text files carry it byte for byte', () => {
    expect(renderVendorFile('yealink', 'T46U', 'device', 'full', withText(UNUSUAL)).text).toContain(UNUSUAL);
    expect(findBadText(UNUSUAL)).toEqual([]);
    expect(() => parseWith(UserCreateSchema, { name: 'zoë', extension_number: '101', extension_password: 'x', display_name: UNUSUAL })).not.toThrow();
  });

  const xmlVendors = vendors.filter((v) => v.descriptor.files.some((f) => f.format === 'xml')).map((v) => v.id);

  it.skipIf(!XMLLINT).each(xmlVendors)('renders every %s file well-formed for xmllint --noout', (vendorId) => {
    const paths = renderXml(vendorId, UNUSUAL);

    const r = xmllint(paths);

    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!XMLLINT)('shows why the API refuses U+FFFE: rendered as is, xmllint rejects the Grandstream, Snom and Fanvil files', () => {
    expect(xmlVendors).toEqual(expect.arrayContaining(['grandstream', 'snom', 'fanvil']));
    for (const vendorId of ['grandstream', 'snom', 'fanvil']) {
      const paths = renderXml(vendorId, 'Jane \ufffe');
      expect(paths.length).toBeGreaterThan(0);
      expect(xmllint(paths).status, vendorId).not.toBe(0);
    }
  });
});
