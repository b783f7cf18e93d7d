/**
 * @module A user's softphone QR codes (`GET /api/users/{id}/qrcode`): fetched with the token and
 * shown from a `blob:` URL (an <img src> could not carry the token); revoking outstanding tokens.
 */
import type { PageContext } from '../context.js';
import { h, link, replace } from '../dom.js';
import { createForm } from '../forms.js';
import type { User } from './types.js';

// NOTE(console): the app ids of src/qr/apps.ts (QR_APP_IDS); an unknown one is a 400 naming `app`.
const APPS = [
  { value: 'portsip', label: 'PortSIP' },
  { value: 'linphone', label: 'Linphone' },
  { value: 'acrobits', label: 'Acrobits (Groundwire)' },
  { value: 'grandstream-wave', label: 'Grandstream Wave' },
  { value: 'sipnetic', label: 'Sipnetic' },
  { value: 'zoiper', label: 'Zoiper' },
];

export async function qrPage(ctx: PageContext): Promise<void> {
  const id = encodeURIComponent(ctx.params.id!);
  const user = await ctx.api.get<User>(`/users/${id}`);
  const figure = h('figure', { class: 'qr', hidden: true });
  let objectUrl: string | undefined;

  const form = createForm('qr', [{ name: 'app', label: 'App', type: 'select', options: APPS }], 'Show QR code', async (f) => {
    const app = String(f.values().app);
    const image = await ctx.api.blob(`/users/${id}/qrcode?app=${encodeURIComponent(app)}&format=png`);
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(image);
    const label = APPS.find((a) => a.value === app)?.label ?? app;
    replace(figure, h('img', { src: objectUrl, alt: `QR code for ${label}, user ${user.name}`, width: 256, height: 256 }), h('figcaption', {}, `${label}: scan with the app to configure extension ${user.extension_number}.`));
    figure.hidden = false;
  });
  const revoke = async () => {
    const { revoked } = await ctx.api.send<{ revoked: number }>('POST', `/users/${id}/qrcode/revoke`);
    ctx.status(`${revoked} outstanding QR token(s) of ${user.name} revoked.`);
  };
  document.title = `QR codes of ${user.name} · provd`;
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, link('/users', 'Users'), ' / ', link(`/users/${user.id}`, user.name)),
    h('h1', { tabindex: '-1' }, `QR codes of ${user.display_name || user.name} (${user.extension_number})`),
    form.element,
    figure,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', onclick: () => void revoke().catch((e: unknown) => form.showError(e)) }, 'Revoke outstanding QR tokens'))
  );
}
