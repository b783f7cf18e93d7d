/**
 * @module A phone's files: the list, and a rendered preview of one with its secrets masked by the
 * API (`?masked=true`) until the admin reveals them (the unmasked bytes are fetched only then).
 */
import { errorText } from '../api.js';
import type { PageContext } from '../context.js';
import { h, link, replace } from '../dom.js';
import type { Phone } from './types.js';

interface PhoneFile {
  readonly name: string;
  readonly url: string;
  readonly common: boolean;
}

export async function phoneFilesPage(ctx: PageContext): Promise<void> {
  const mac = encodeURIComponent(ctx.params.mac!);
  const [phone, files] = await Promise.all([
    ctx.api.get<Phone & { extension_number: string; name: string }>(`/phones/${mac}`),
    ctx.api.get<{ items: PhoneFile[] }>(`/phones/${mac}/files`),
  ]);
  const preview = h('pre', { class: 'preview', tabindex: '0', 'aria-label': 'File contents' });
  const heading = h('h2', { id: 'preview-title' });
  const reveal = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Reveal secrets');
  let current: PhoneFile | undefined;
  let revealed = false;
  let shown = 0; // only the latest request may fill the preview (clicks can overtake answers)

  const show = async (file: PhoneFile) => {
    current = file;
    for (const b of ctx.main.querySelectorAll('[data-file]')) b.setAttribute('aria-pressed', String(b.getAttribute('data-file') === file.name));
    heading.textContent = file.name;
    reveal.hidden = file.common; // common files carry no secrets
    reveal.textContent = revealed ? 'Hide secrets' : 'Reveal secrets';
    reveal.setAttribute('aria-pressed', String(revealed));
    const ticket = ++shown;
    const text = await ctx.api.text(`/phones/${mac}/files/${encodeURIComponent(file.name)}${revealed ? '' : '?masked=true'}`);
    if (ticket === shown) preview.textContent = text;
  };
  reveal.addEventListener('click', () => {
    revealed = !revealed;
    if (current) void show(current).catch((e: unknown) => ctx.status(errorText(e)));
  });

  const buttons = files.items.map((f) =>
    h('li', {}, h('button', { type: 'button', 'data-file': f.name, 'aria-pressed': 'false', onclick: () => void show(f).catch((e: unknown) => ctx.status(errorText(e))) }, f.name, f.common ? ' (common)' : ''))
  );
  document.title = `Files of ${phone.mac} · provd`;
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, link('/phones', 'Phones'), ' / ', link(`/users/${phone.user_id}/phones`, `${phone.name} (${phone.extension_number})`)),
    h('h1', { tabindex: '-1' }, `Files of ${phone.mac}`),
    h('p', {}, `${phone.vendor} ${phone.model}. Provisioning URL: `, h('code', {}, phone.url ?? '')),
    h('ul', { class: 'file-list', 'aria-label': 'Files' }, ...buttons),
    h('section', { 'aria-labelledby': 'preview-title' }, h('div', { class: 'page-head' }, heading, reveal), preview)
  );
  const first = files.items.find((f) => !f.common) ?? files.items[0];
  if (first) await show(first);
}
