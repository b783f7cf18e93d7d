/**
 * Snom fidelity (issue 14 §1): fkey 0 and 1 stay line keys (Snom's default), BLF keys follow them,
 * and a BLF carries the network's call-pickup code after `|`.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, htmlEntities: true });
type Tree = Record<string, any>;

function fkeys(model: string, edit?: (i: FixtureInput) => void): Tree[] {
  return ([] as Tree[]).concat(xml.parse(renderVendorFile('snom', model, 'device', 'full', edit).text).settings.functionKeys.fkey);
}

const models = Object.keys(registry.get('snom')!.descriptor.models);

describe('Snom function keys', () => {
  it.each(models)('%s keeps fkey 0 and 1 as line keys and puts the BLFs from fkey 2 on', (model) => {
    const keys = fkeys(model);
    expect(keys.slice(0, 2).map((k) => [k['@idx'], k['#text']])).toEqual([['0', 'line'], ['1', 'line']]);
    const blfs = keys.filter((k) => String(k['#text']).startsWith('blf '));
    expect(blfs.map((k) => k['@idx'])).toEqual(['2', '3', '4'].slice(0, Math.max(0, keys.length - 2)));
  });

  it('appends the network\'s pickup code after | (the phone dials it plus the extension to pick up)', () => {
    const keys = fkeys('D785', (i) => Object.assign(i.network, { call_pickup_code: '*8' }));
    expect(keys.slice(2, 5).map((k) => k['#text'])).toEqual([
      'blf sip:2002@example.com|*8',
      'blf sip:2003@example.com|*8',
      'blf sip:2004@example.com|*8',
    ]);
  });

  it('writes no | without a pickup code', () => {
    expect(fkeys('D785').some((k) => String(k['#text']).includes('|'))).toBe(false);
  });
});
