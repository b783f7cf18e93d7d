/**
 * Further lines in the vendors' per-phone files (multiline fixture: the owner 101 and lines 102
 * "Sales" and 103): each vendor writes every account under its own per-account keys, and a DECT
 * base gives each account a handset of its own.
 */
import { describe, expect, it } from 'vitest';
import { renderVendorFile } from '../helpers/vendor-render.js';

const file = (vendor: string, model: string, id = 'device') => renderVendorFile(vendor, model, id, 'multiline').text;

describe('every account of a multi-line phone is written', () => {
  it('yealink desk phone: account.N.*, line keys 1-3 on lines 1-3', () => {
    const text = file('yealink', 'T46U');
    for (const n of [1, 2, 3]) expect(text).toContain(`account.${n}.user_name = ${100 + n}`);
    expect(text).toContain('account.2.label = Sales');
    expect(text).toMatch(/linekey\.3\.type = 15\nlinekey\.3\.line = 3\n/);
  });

  it('yealink DECT: handset N carries account N; W80DM/W90DM accounts name server template 1', () => {
    const w70 = file('yealink', 'W70B');
    expect(w70).toContain('handset.2.name = Sales\nhandset.2.incoming_lines = 2\nhandset.2.dial_out_lines = 2\nhandset.2.dial_out_default_line = 2\n');
    expect(w70).toContain('account.3.sip_server.1.address = pbx.example.com');
    expect(w70).not.toContain('linekey.');
    const w90 = file('yealink', 'W90DM');
    expect(w90).toContain('template.1.sip_server.1.address = pbx.example.com');
    expect(w90).toContain('account.3.sip_server.template = 1');
    expect(w90).not.toContain('account.3.sip_server.1.address');
  });

  it('gigaset Nx70: one registered handset per account', () => {
    const text = file('gigaset', 'N870');
    for (const n of [2, 3]) {
      expect(text).toContain(`<oper name="add_hs" value="0000${n}">`);
      expect(text).toContain(`<param name="SipAccount.0000${n}.UserName" value="10${n}"/>`);
    }
  });

  it.each([
    ['grandstream', 'GXP2170', ['<P404>102</P404>', '<P504>103</P504>', '<P417>Sales</P417>']],
    ['snom', 'D785', ['<user_name idx="2" perm="R">102</user_name>', '<user_name idx="3" perm="R">103</user_name>']],
    ['fanvil', 'X6U', ['<line index="2">', '<PhoneNumber>103</PhoneNumber>', '<Value>SIP3</Value>']],
    ['poly', 'VVX450', ['reg.2.address="102"', 'reg.3.auth.userId="103"', 'msg.mwi.3.subscribe="103"']],
    ['cisco', '8861', ['<User_ID_2_ ua="na">102</User_ID_2_>', '<Extension_3_ ua="na">3</Extension_3_>']],
    ['htek', 'UC926', ['<P735 para="Account2.SipUserId">102</P735>', '<P504 para="Account3.SipUserId">103</P504>']],
    ['mitel', '6869i', ['sip line2 user name: 102', 'sip line3 user name: 103']],
  ])('%s %s', (vendor, model, expected) => {
    const text = file(vendor, model);
    for (const e of expected) expect(text).toContain(e);
  });

  it('grandstream: BLF keys start after the lines (VPK 4 with three accounts)', () => {
    const text = renderVendorFile('grandstream', 'GXP2170', 'device', 'multiline', (input) => {
      Object.assign(input, { user: { ...input.user, blfs: [{ key: '2002', first_name: 'Bob' }] } });
    }).text;
    expect(text).toContain('<P1471>Bob</P1471>\n    <P1472>2002</P1472>');
    expect(text).not.toContain('<P1466>');
  });

  it('akuvox door station: account 2 for its second line', () => {
    expect(file('akuvox', 'X916')).toContain('Config.Account2.GENERAL.UserName = 102');
  });
});
