/**
 * @module Unknown devices (`GET /api/unknown_phones`): phones that asked for a file and matched no
 * record. Assign one to a user (vendor and model guessed, editable) or reject it (never recorded again).
 */
import { errorText, query, type Page } from '../api.js';
import { PAGE_SIZE, type PageContext } from '../context.js';
import { h, replace, table, when } from '../dom.js';
import { createForm } from '../forms.js';
import { pager, skipOf } from './pager.js';
import type { User } from './types.js';
import { linkModelPicker, loadVendors, vendorOptions } from './vendor-picker.js';

interface UnknownPhone {
  readonly mac: string;
  readonly vendor: string | null;
  readonly model: string | null;
  readonly ip: string;
  readonly user_agent: string;
  readonly file: string;
  readonly last_seen: string;
  readonly count: number;
}

export async function unknownPage(ctx: PageContext): Promise<void> {
  const [page, vendors, users] = await Promise.all([
    ctx.api.get<Page<UnknownPhone>>(`/unknown_phones${query({ orderby: 'last_seen desc', skip: skipOf(ctx), top: PAGE_SIZE })}`),
    loadVendors(ctx.api),
    ctx.api.get<Page<User>>(`/users${query({ orderby: 'extension_number', top: 1000 })}`),
  ]);
  const assignArea = h('section', { 'aria-live': 'polite' });

  const assign = (entry: UnknownPhone) => () => {
    const form = createForm('assign', [
      { name: 'user_id', label: 'User', type: 'select', required: true, options: users.items.map((u) => ({ value: u.id, label: `${u.extension_number} ${u.display_name || u.name}` })) },
      { name: 'vendor', label: 'Vendor', type: 'select', options: vendorOptions(vendors), value: entry.vendor },
      { name: 'model', label: 'Model', type: 'select' },
    ], `Assign ${entry.mac}`, async (f) => {
      await ctx.api.send('POST', `/unknown_phones/${encodeURIComponent(entry.mac)}/assign`, f.values());
      ctx.status(`Phone ${entry.mac} assigned.`);
      ctx.reload();
    });
    linkModelPicker(form, vendors, entry.model ?? undefined);
    replace(assignArea, h('h2', {}, `Assign ${entry.mac}`), form.element);
    form.input('user_id').focus();
  };
  const reject = (entry: UnknownPhone) => async () => {
    if (!confirm(`Reject ${entry.mac}? It will not be listed again.`)) return;
    await ctx.api.send('POST', `/phones/${encodeURIComponent(entry.mac)}/reject`);
    ctx.status(`Phone ${entry.mac} rejected.`);
    ctx.reload();
  };
  const rows = page.items.map((e) => [
    e.mac,
    [e.vendor, e.model].filter(Boolean).join(' ') || '?',
    e.ip,
    e.user_agent,
    e.file,
    `${when(e.last_seen)} (${e.count}×)`,
    h(
      'span',
      { class: 'row-actions' },
      h('button', { type: 'button', 'aria-label': `Assign ${e.mac}`, onclick: assign(e) }, 'Assign'),
      h('button', { type: 'button', class: 'danger', 'aria-label': `Reject ${e.mac}`, onclick: () => void reject(e)().catch((x: unknown) => ctx.status(errorText(x))) }, 'Reject')
    ),
  ]);
  document.title = 'Unknown devices · provd';
  replace(
    ctx.main,
    h('h1', { tabindex: '-1' }, 'Unknown devices'),
    h('p', {}, 'Phones that asked for a file this server has no record for.'),
    table('Unknown devices', ['MAC', 'Guess', 'Address', 'User-Agent', 'File', 'Last seen', 'Actions'], rows),
    pager(ctx, '/unknown', page.count),
    assignArea
  );
}
