/** @module List paging and the search bar shared by the list pages: state lives in the hash query, so Back works. */
import { PAGE_SIZE, type PageContext } from '../context.js';
import { h } from '../dom.js';

/** "21–40 of 57" with Previous/Next buttons that move `skip` in the route's query. */
export function pager(ctx: PageContext, route: string, count: number): HTMLElement {
  const skip = Number(ctx.query.get('skip') ?? 0) || 0;
  const go = (to: number) => () => {
    const q = new URLSearchParams(ctx.query);
    q.set('skip', String(Math.max(0, to)));
    ctx.navigate(`${route}?${q}`);
  };
  const shown = count === 0 ? 'None' : `${skip + 1}–${Math.min(skip + PAGE_SIZE, count)} of ${count}`;
  return h(
    'div',
    { class: 'pager' },
    h('button', { type: 'button', disabled: skip === 0, onclick: go(skip - PAGE_SIZE) }, 'Previous'),
    h('span', { 'aria-live': 'polite' }, shown),
    h('button', { type: 'button', disabled: skip + PAGE_SIZE >= count, onclick: go(skip + PAGE_SIZE) }, 'Next')
  );
}

/** The current `skip` of the route. */
export function skipOf(ctx: PageContext): number {
  return Number(ctx.query.get('skip') ?? 0) || 0;
}

/** Writes the search form's values into the route's query (paging starts over). */
export function searchTo(ctx: PageContext, route: string, values: Record<string, string | boolean>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v) q.set(k, v);
  ctx.navigate(q.size ? `${route}?${q}` : route);
}
