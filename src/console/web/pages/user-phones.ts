/** @module A user's phones: the list (last seen, RPS status, files, resync of a phone seen), adding one with vendor/model pickers, removing one. */
import { errorText, query, type Page } from '../api.js';
import type { PageContext } from '../context.js';
import { h, link, replace, table, when } from '../dom.js';
import { createForm } from '../forms.js';
import type { Phone, User } from './types.js';
import { linkModelPicker, loadVendors, rpsText, vendorOptions } from './vendor-picker.js';

export async function userPhonesPage(ctx: PageContext): Promise<void> {
  const id = encodeURIComponent(ctx.params.id!);
  const [user, phones, vendors] = await Promise.all([
    ctx.api.get<User>(`/users/${id}`),
    ctx.api.get<Page<Phone>>(`/users/${id}/phones${query({ orderby: 'mac', top: 1000 })}`),
    loadVendors(ctx.api),
  ]);

  const form = createForm('phone', [
    { name: 'mac', label: 'MAC address', required: true, hint: 'Any spelling: 00:15:65:AA:BB:CC, 001565aabbcc, …' },
    { name: 'vendor', label: 'Vendor', type: 'select', required: true, options: vendorOptions(vendors) },
    { name: 'model', label: 'Model', type: 'select', required: true },
    { name: 'rps', label: "Register with the vendor's redirect service (RPS)", type: 'checkbox' },
  ], 'Add phone', async (f) => {
    const { mac, vendor, model, rps } = f.values();
    const created = await ctx.api.send<Phone>('POST', `/users/${id}/phones`, { mac, vendor, model, ...(rps ? { rps: true } : {}) });
    ctx.reload();
    // The API answers a generated web password once; this is the only place the admin sees it.
    ctx.status(created.password ? `Phone ${created.mac} added. Its web password (shown once): ${created.password}` : `Phone ${created.mac} added.`);
  });
  linkModelPicker(form, vendors);

  const remove = (phone: Phone) => async () => {
    if (!confirm(`Remove phone ${phone.mac}? Its files stop being served at once.`)) return;
    await ctx.api.send('DELETE', `/users/${id}/phones/${encodeURIComponent(phone.id)}`);
    ctx.status(`Phone ${phone.mac} removed.`);
    ctx.reload();
  };
  const retry = (phone: Phone) => async () => {
    await ctx.api.send('POST', `/phones/${encodeURIComponent(phone.mac)}/rps/retry`);
    ctx.status(`Redirect-service registration of ${phone.mac} queued again.`);
    ctx.reload();
  };
  // A SIP NOTIFY to where the phone last fetched from (POST /api/phones/{mac}/resync); the answer says whether it heard.
  const resync = (phone: Phone) => async () => {
    const answer = await ctx.api.send<{ result: string; status?: number; sent_to: string }>('POST', `/phones/${encodeURIComponent(phone.mac)}/resync`);
    const heard = answer.result === 'ok' ? 'answered' : answer.result === 'rejected' ? `refused it (${answer.status ?? '?'})` : 'did not answer';
    ctx.status(`Resync sent to ${phone.mac} at ${answer.sent_to}: the phone ${heard}.`);
  };
  const failed = (p: Phone) => p.rps === true && (p.rps_status === 'error' || p.rps_status === 'owned_by_other');
  const rows = phones.items.map((p) => [
    link(`/phones/${p.mac}`, p.mac, { 'aria-label': `Files of ${p.mac}` }),
    p.vendor,
    p.model,
    p.last_seen_at ? `${when(p.last_seen_at)} from ${p.last_seen_ip ?? '?'}` : 'never',
    rpsText(p),
    h(
      'span',
      { class: 'row-actions' },
      p.last_seen_at && h('button', { type: 'button', 'aria-label': `Resync ${p.mac}`, onclick: () => void resync(p)().catch((e: unknown) => ctx.status(errorText(e))) }, 'Resync'),
      failed(p) && h('button', { type: 'button', 'aria-label': `Retry RPS of ${p.mac}`, onclick: () => void retry(p)().catch((e: unknown) => ctx.status(errorText(e))) }, 'Retry RPS'),
      h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${p.mac}`, onclick: () => void remove(p)().catch((e: unknown) => ctx.status(errorText(e))) }, 'Remove')
    ),
  ]);
  document.title = `Phones of ${user.name} · provd`;
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, link('/users', 'Users'), ' / ', link(`/users/${user.id}`, user.name)),
    h('h1', { tabindex: '-1' }, `Phones of ${user.display_name || user.name} (${user.extension_number})`),
    table(`Phones of ${user.name}`, ['MAC (files)', 'Vendor', 'Model', 'Last seen', 'RPS', 'Actions'], rows),
    h('h2', {}, 'Add a phone'),
    form.element
  );
}
