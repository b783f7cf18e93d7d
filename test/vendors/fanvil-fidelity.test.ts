/**
 * Fanvil fidelity (issue 14 §1): BLF keys after the line keys (SIP1 keeps keys 1 and 2, the
 * factory layout), the pickup code in the BLF value, and `OPUS` in VoiceCodecMap.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { registry, renderVendorFile, type FixtureInput } from '../helpers/vendor-render.js';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, htmlEntities: true });
type Tree = Record<string, any>;

function conf(model: string, edit?: (i: FixtureInput) => void): Tree {
  return xml.parse(renderVendorFile('fanvil', model, 'device', 'full', edit).text).sysConf;
}

/** Every key of the phone in order: side keys, then screen page 1, 2, ... */
function keys(c: Tree): Tree[] {
  const pages = ([] as Tree[]).concat(c.dsskey.internal ?? []);
  return [...([] as Tree[]).concat(c.dsskey.dssSide.Fkey), ...pages.flatMap((p) => ([] as Tree[]).concat(p.Fkey ?? []))];
}

const desks = Object.entries(registry.get('fanvil')!.descriptor.models).filter(([, m]) => m.type === 'desk').map(([name]) => name);

describe('Fanvil desk keys', () => {
  it.each(desks)('%s keeps keys 1 and 2 as SIP1 line keys and puts the BLFs after them', (model) => {
    const all = keys(conf(model));
    expect(all.slice(0, 2).map((k) => [k.Type, k.Value])).toEqual([['2', 'SIP1'], ['2', 'SIP1']]);
    const blfs = all.filter((k) => k.Type === '1').map((k) => k.Value);
    expect(blfs).toEqual(['2002@1/ba', '2003@1/ba', '2004@1/ba'].slice(0, all.length - 2));
    // A model with only its two line keys (X3SG) has no room for a BLF.
    expect(all.findIndex((k) => k.Type === '1')).toBe(all.length > 2 ? 2 : -1);
  });

  it('appends the network\'s pickup code and the key to each BLF value (directed pickup)', () => {
    const all = keys(conf('X4U', (i) => Object.assign(i.network, { call_pickup_code: '*8' })));
    expect(all.filter((k) => k.Type === '1').map((k) => k.Value)).toEqual(['2002@1/ba*82002', '2003@1/ba*82003', '2004@1/ba*82004']);
  });

  it('writes Opus as OPUS in VoiceCodecMap (the spelling of the public sysConf templates)', () => {
    const c = conf('X5U');
    expect(c.sip.line.VoiceCodecMap.split(',')[0]).toBe('OPUS');
    expect(c.sip.line.VoiceCodecMap).not.toMatch(/opus/);
  });
});
