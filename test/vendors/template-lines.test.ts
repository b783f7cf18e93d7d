/**
 * No line is accepted and left out (issue 14 §3): for every model of every vendor, a phone with as
 * many further lines as the API lets it have (`lines`, capped by the model's `template_lines`)
 * gets every one of those accounts written into its per-phone files. A template that writes fewer
 * accounts than its model declares fails here until the model says `template_lines`.
 */
import { describe, expect, it } from 'vitest';
import { UserCreateSchema } from '../../src/domain/user.js';
import { buildContext } from '../../src/render/context.js';
import { createRenderer } from '../../src/render/renderer.js';
import { fixtureInput } from '../helpers/render-fixture.js';
import { registry, vendors } from '../helpers/vendor-render.js';

const renderer = createRenderer(vendors);
const AT = '2026-01-01T00:00:00.000Z';

/** Further line n's user: extension 7 followed by the line number (e.g. 7012 for line 12). */
const lineUser = (n: number) => ({
  ...UserCreateSchema.parse({ name: `line${n}`, display_name: `Line ${n}`, extension_number: `7${String(n).padStart(3, '0')}`, extension_password: `pw-line-${n}` }),
  id: `u-line-${n}`,
  provision_token: `Tok3nLine${n}`.padEnd(43, 'x'),
  created_at: AT,
  updated_at: AT,
});

const cases = vendors.flatMap((vendor) =>
  Object.entries(vendor.descriptor.models)
    .filter(([, caps]) => Math.min(caps.lines, caps.template_lines ?? caps.lines) > 1)
    .map(([model, caps]) => [vendor.id, model, Math.min(caps.lines, caps.template_lines ?? caps.lines)] as const)
);

describe('every line the API accepts is written', () => {
  it('covers the multi-line models of every vendor', () => {
    expect(new Set(cases.map(([v]) => v)).size).toBeGreaterThanOrEqual(9);
  });

  it.each(cases)('%s %s writes all of its %i accounts', (vendorId, model, written) => {
    const vendor = registry.get(vendorId)!;
    const input = fixtureInput('minimal', vendor, model);
    const lines = Array.from({ length: written - 1 }, (_, i) => ({ user: lineUser(i + 2) }));
    const withLines = { ...input, lines, phone: { ...input.phone, lines: lines.map((l) => ({ user_id: l.user.id })) } };
    const { context } = buildContext(withLines);
    const text = registry
      .filesFor(vendorId, model, input.phone.mac)
      .filter((f) => !f.common)
      .map((f) => renderer.render(vendor, f.file, model, context).toString('utf8'))
      .join('\n');
    for (const { user } of lines) {
      expect(text, `${vendorId} ${model}: line of ${user.extension_number}`).toContain(user.extension_number);
      expect(text, `${vendorId} ${model}: password of ${user.extension_number}`).toContain(user.extension_password);
    }
  });
});
