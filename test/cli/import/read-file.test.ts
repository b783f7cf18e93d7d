/** Reading import files: PortSIP's CSV (quoted JSON cells, TRUE/FALSE, empty cells) and JSON arrays, rows named by the line they start on. */
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../src/cli/import/read-file.js';

const PHONES = '"[{""mac"":""00:15:65:aa:bb:01"",""vendor"":""Yealink"",""model"":""T46U"",""language"":""English"",""door_password1"":"""",""wan_port_id"":5}]"';

describe('readImportFile', () => {
  it('reads a PortSIP CSV: booleans, JSON cells, a quoted JSON phones column, empty cells absent', () => {
    const csv = ['name,enabled,extension_number,display_name,blfs,voicemail_pin,phones', `alice,TRUE,101,"Smith, Alice",[],,${PHONES}`, ''].join('\n');

    const { rows, warnings } = readImportFile('users.csv', csv);

    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        user: { name: 'alice', enabled: true, extension_number: '101', display_name: 'Smith, Alice', blfs: [] },
        phones: [{ mac: '00:15:65:aa:bb:01', vendor: 'Yealink', model: 'T46U', language: 'ENGLISH', wan_port_id: 5 }],
        issues: [],
      },
    ]);
  });

  it('names each row by the line it starts on, across quoted line breaks and blank lines', () => {
    const csv = 'name,display_name\na,"two\nlines"\n\nb,x\nc,y\n';

    const { rows } = readImportFile('users.csv', csv);

    expect(rows.map((r) => [r.user.name, r.line])).toEqual([['a', 2], ['b', 5], ['c', 6]]);
  });

  it('reports cells it cannot read by field, and ignores unknown columns with one warning each', () => {
    const csv = 'name,enabled,phones,extention_number,id\na,maybe,[{oops,9,123\n';

    const { rows, warnings } = readImportFile('users.csv', csv);

    expect(rows[0]!.issues.map((i) => i.field)).toEqual(['enabled', 'phones']);
    expect(warnings).toEqual(['column "extention_number" is not a user field and is ignored (did you mean extension_number?)']);
  });

  it('reads a JSON array of users with phones, each named by the line its object starts on', () => {
    const json = '[\n  {"name": "a", "phones": [{"mac": "001565000001", "door_password1": ""}]},\n\n  {\n    "name": "b"\n  },\n  7\n]';

    const { rows } = readImportFile('users.json', json);

    expect(rows.map((r) => r.line)).toEqual([2, 4, 7]);
    expect(rows[0]!.phones).toEqual([{ mac: '001565000001' }]);
    expect(rows[2]!.issues).toEqual([{ field: '(user)', message: 'must be a JSON object' }]);
  });

  it('refuses a file that is not CSV or a JSON array as a whole, naming the line', () => {
    expect(() => readImportFile('u.json', '{"name":"a"}')).toThrow(/must be an array/);
    expect(() => readImportFile('u.csv', 'name,extension_number\n"a,101\n')).toThrow(/PROV_ERR_CLI_INPUT_INVALID|Cannot read u.csv/);
  });
});
