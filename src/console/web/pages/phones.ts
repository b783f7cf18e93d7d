/** @module All phones: search, vendor filter, paging; last seen and RPS status; links to files and owner. */
import { query, quote, type Page } from '../api.js';
import { PAGE_SIZE, type PageContext } from '../context.js';
import { h, link, replace, table, when } from '../dom.js';
import { createForm } from '../forms.js';
import { pager, searchTo, skipOf } from './pager.js';
import type { Phone } from './types.js';
import { loadVendors, rpsText, vendorOptions } from './vendor-picker.js';

export async function phonesPage(ctx: PageContext): Promise<void> {
  const search = ctx.query.get('search') ?? '';
  const vendor = ctx.query.get('vendor') ?? '';
  const filter = vendor ? `vendor eq ${quote(vendor)}` : undefined;
  const [page, vendors] = await Promise.all([
    ctx.api.get<Page<Phone>>(`/phones${query({ search, filter, orderby: 'mac', skip: skipOf(ctx), top: PAGE_SIZE })}`),
    loadVendors(ctx.api),
  ]);

  const bar = createForm('phone-search', [
    { name: 'search', label: 'Search (MAC, vendor, model)', value: search },
    { name: 'vendor', label: 'Vendor', type: 'select', options: [{ value: '', label: 'Any' }, ...vendorOptions(vendors)], value: vendor },
  ], 'Search', async (f) => searchTo(ctx, '/phones', f.values()));
  bar.element.classList.add('inline');

  const rows = page.items.map((p) => [
    link(`/phones/${p.mac}`, p.mac, { 'aria-label': `Files of ${p.mac}` }),
    p.vendor,
    p.model,
    link(`/users/${p.user_id}/phones`, 'owner', { 'aria-label': `Owner of ${p.mac}` }),
    p.last_seen_at ? `${when(p.last_seen_at)} from ${p.last_seen_ip ?? '?'}` : 'never',
    rpsText(p),
  ]);
  document.title = 'Phones · provd';
  replace(
    ctx.main,
    h('h1', { tabindex: '-1' }, 'Phones'),
    bar.element,
    table('Phones', ['MAC (files)', 'Vendor', 'Model', 'User', 'Last seen', 'RPS'], rows),
    pager(ctx, '/phones', page.count)
  );
}
