/**
 * @module Creating and editing a user. An edit sends only what changed (PATCH); an emptied
 * optional field is sent as `null` (cleared); an empty password field keeps the password.
 */
import type { PageContext } from '../context.js';
import { h, link, replace } from '../dom.js';
import { createForm, type FieldSpec } from '../forms.js';
import type { User } from './types.js';

/** Optional text fields: emptied on an edit means cleared. */
const OPTIONAL = ['display_name', 'email'];

export async function userFormPage(ctx: PageContext): Promise<void> {
  const id = ctx.params.id;
  const user = id ? await ctx.api.get<User>(`/users/${encodeURIComponent(id)}`) : undefined;
  const specs: FieldSpec[] = [
    { name: 'name', label: 'User name', required: true, value: user?.name },
    { name: 'display_name', label: 'Display name', value: user?.display_name },
    { name: 'email', label: 'E-mail', type: 'email', value: user?.email },
    { name: 'extension_number', label: 'Extension number', required: true, value: user?.extension_number },
    user
      ? { name: 'extension_password', label: 'New extension password', type: 'password', autocomplete: 'new-password', hint: 'Leave empty to keep the current one.' }
      : { name: 'extension_password', label: 'Extension password', type: 'password', autocomplete: 'new-password', required: true },
    { name: 'enabled', label: 'Enabled', type: 'checkbox', value: user?.enabled ?? true },
  ];
  const form = createForm('user', specs, user ? 'Save' : 'Create user', async (f) => {
    const values = f.values();
    if (!user) {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      const created = await ctx.api.send<User>('POST', '/users', body);
      ctx.status(`User ${created.name} created.`);
      return ctx.navigate(`/users/${created.id}/phones`);
    }
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      const before = (user as unknown as Record<string, unknown>)[k];
      if (k === 'extension_password') {
        if (v !== '') body[k] = v;
      } else if (v === '' && OPTIONAL.includes(k)) {
        if (before) body[k] = null;
      } else if (v !== (before ?? '')) body[k] = v;
    }
    if (Object.keys(body).length === 0) return ctx.status('Nothing changed.');
    await ctx.api.send('PATCH', `/users/${encodeURIComponent(user.id)}`, body);
    ctx.status(`User ${user.name} saved.`);
    ctx.reload();
  });

  const remove = async () => {
    if (!user || !confirm(`Delete user ${user.name} (${user.extension_number}) and all of its phones?`)) return;
    await ctx.api.send('DELETE', `/users/${encodeURIComponent(user.id)}`);
    ctx.status(`User ${user.name} deleted.`);
    ctx.navigate('/users');
  };
  document.title = `${user ? `User ${user.name}` : 'New user'} · provd`;
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, link('/users', 'Users')),
    h('h1', { tabindex: '-1' }, user ? `User ${user.name}` : 'New user'),
    user && h('p', { class: 'row-actions' }, link(`/users/${user.id}/phones`, 'Phones'), link(`/users/${user.id}/qr`, 'QR codes')),
    form.element,
    user && h('div', { class: 'actions danger-zone' }, h('button', { type: 'button', class: 'danger', onclick: () => void remove().catch((e: unknown) => form.showError(e)) }, 'Delete user'))
  );
}
