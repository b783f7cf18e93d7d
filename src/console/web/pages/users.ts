/** @module The users page: search, filter by status, paging; links to edit, phones and QR codes; delete. */
import { errorText, query, type Page } from '../api.js';
import { PAGE_SIZE, type PageContext } from '../context.js';
import { h, link, replace, table } from '../dom.js';
import { createForm } from '../forms.js';
import { pager, searchTo, skipOf } from './pager.js';
import type { User } from './types.js';

const STATUS = [
  { value: '', label: 'Any' },
  { value: 'enabled', label: 'Enabled' },
  { value: 'disabled', label: 'Disabled' },
];

export async function usersPage(ctx: PageContext): Promise<void> {
  const search = ctx.query.get('search') ?? '';
  const status = ctx.query.get('status') ?? '';
  const filter = status === 'enabled' ? 'enabled eq true' : status === 'disabled' ? 'enabled eq false' : undefined;
  const page = await ctx.api.get<Page<User>>(`/users${query({ search, filter, orderby: 'extension_number', skip: skipOf(ctx), top: PAGE_SIZE })}`);

  const bar = createForm('user-search', [
    { name: 'search', label: 'Search (name, extension, e-mail)', value: search },
    { name: 'status', label: 'Status', type: 'select', options: STATUS, value: status },
  ], 'Search', async (f) => searchTo(ctx, '/users', f.values()));
  bar.element.classList.add('inline');

  const remove = (user: User) => async () => {
    if (!confirm(`Delete user ${user.name} (${user.extension_number}) and all of its phones?`)) return;
    await ctx.api.send('DELETE', `/users/${encodeURIComponent(user.id)}`);
    ctx.status(`User ${user.name} deleted.`);
    ctx.reload();
  };
  const rows = page.items.map((u) => [
    u.extension_number,
    link(`/users/${u.id}`, u.name),
    u.display_name ?? '',
    u.enabled ? 'yes' : 'no',
    h(
      'span',
      { class: 'row-actions' },
      link(`/users/${u.id}/phones`, 'Phones', { 'aria-label': `Phones of ${u.name}` }),
      link(`/users/${u.id}/qr`, 'QR codes', { 'aria-label': `QR codes of ${u.name}` }),
      h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${u.name}`, onclick: () => void remove(u)().catch((e: unknown) => ctx.status(errorText(e))) }, 'Delete')
    ),
  ]);
  document.title = 'Users · provd';
  replace(
    ctx.main,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Users'), link('/users/new', 'New user', { class: 'button primary' })),
    bar.element,
    table('Users', ['Extension', 'Name', 'Display name', 'Enabled', 'Actions'], rows),
    pager(ctx, '/users', page.count)
  );
}
