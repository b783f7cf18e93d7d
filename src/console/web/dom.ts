/**
 * @module Building DOM nodes without HTML strings: text always goes in as text (never innerHTML),
 * so nothing the API answers (a user's name, a rendered file) can inject markup or script.
 */

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

/**
 * An element: `on<event>` props become listeners, `true`/`false` toggle an attribute, other
 * values are attributes; children are nodes or text.
 * @example h('button', { type: 'button', onclick: save }, 'Save')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends nodes or text, skipping empty children. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A table inside a horizontally scrolling wrapper (narrow screens), with a caption for screen readers. */
export function table(caption: string, headers: readonly string[], rows: readonly Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c)))))
    )
  );
}

/** A date-time for people (local time), or a dash for none. */
export function when(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A link inside the console (hash route). */
export function link(route: string, text: string, props: Props = {}): HTMLAnchorElement {
  return h('a', { href: `#${route}`, ...props }, text);
}
