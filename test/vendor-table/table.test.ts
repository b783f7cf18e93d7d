/**
 * The generated vendor table: totals, per-vendor cells taken from the descriptor (file names,
 * redirect services, resync events, certificate rule, credentials) and one row per vendor and
 * model type. Built from descriptors written here, so each cell's source is visible.
 */
import { describe, expect, it } from 'vitest';
import { VendorDescriptorSchema } from '../../src/vendors/descriptor.js';
import type { Vendor } from '../../src/vendors/registry.js';
import { vendorTable } from '../../src/vendor-table/table.js';

const base = { defaults: { codecs: ['PCMU'] } };
const vendor = (json: Record<string, unknown>): Vendor => {
  const descriptor = VendorDescriptorSchema.parse({ ...base, ...json });
  return { id: descriptor.id, descriptor, dir: `/t/${descriptor.id}` };
};

const acme = vendor({
  id: 'acme',
  name: 'Acme | Phones',
  files: [
    { id: 'common', pattern: 'acme{model.code}.cfg', template: 'c.hbs', format: 'text' },
    { id: 'desk', pattern: '{mac}.cfg', template: 'd.hbs', format: 'text', types: ['desk'] },
    { id: 'door', pattern: '{mac}.cfg', template: 'g.hbs', format: 'text', types: ['door'] },
    { id: 'extra', pattern: '{MAC}-x.xml', template: 'x.hbs', format: 'xml', models: ['A1'] },
  ],
  models: {
    A1: { display_name: 'A1', lines: 2, keys: 4, code: '01' },
    D9: { display_name: 'D9', lines: 1, type: 'door' },
    C3: { display_name: 'C3', lines: 1, type: 'conference', resync: { event: 'other' } },
  },
  redirect: { services: ['acme-rps'] },
  resync: { event: 'check-sync' },
  client_cert: { mac_from: 'subject.CN', source: 'a captured certificate' },
  provisioningCredentials: true,
});
const bare = vendor({
  id: 'bare',
  name: 'Bare',
  files: [
    { id: 'device', pattern: '{mac}.xml', template: 'd.hbs', format: 'xml' },
    { id: 'book', pattern: 'bare-book.xml', template: 'b.hbs', format: 'xml', scope: 'directory' },
  ],
  models: { B: { display_name: 'B', lines: 1 } },
});

describe('vendorTable', () => {
  const table = vendorTable([acme, bare]);

  it('starts with the totals of vendors, models and types', () => {
    expect(table.split('\n')[0]).toBe('**2 vendors, 4 models** (2 desk, 1 door, 1 conference).');
  });

  it('gives a vendor row from the descriptor, escaping a | in the name', () => {
    expect(table).toContain(
      '| Acme \\| Phones (`acme`) | 3 | `acme<code>.cfg` (common; models with `code`), `<mac>.cfg`, `<MAC>-x.xml` (only A1) | `acme-rps` | `check-sync` / no reboot (own events: C3) | `subject.CN` | yes |'
    );
    expect(table).toContain('| Bare (`bare`) | 1 | `<mac>.xml`, `bare-book.xml` (phonebook) | none | none | — | no |');
  });

  it('lists the models per type as model lines/keys, in descriptor order', () => {
    expect(table).toContain('| Acme \\| Phones | desk | 1 | A1 2/4 |');
    expect(table).toContain('| Acme \\| Phones | door | 1 | D9 1/0 |');
    expect(table).toContain('| Acme \\| Phones | conference | 1 | C3 1/0 |');
    expect(table).toContain('| Bare | desk | 1 | B 1/0 |');
    expect(table.endsWith('|\n')).toBe(true);
  });

  it('is the same text for the same descriptors', () => {
    expect(vendorTable([acme, bare])).toBe(table);
  });
});
