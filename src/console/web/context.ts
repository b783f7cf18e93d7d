/** @module What every page gets: the API client, its main element, the route's parts and a status line. */
import type { Api } from './api.js';

export interface PageContext {
  readonly api: Api;
  /** The page's element (`<main>`): a page replaces its children. */
  readonly main: HTMLElement;
  /** Path parameters of the route (`:id`, `:mac`). */
  readonly params: Readonly<Record<string, string>>;
  /** The query part of the hash (`#/users?search=al`). */
  readonly query: URLSearchParams;
  /** Goes to another route (`/users/42`). */
  navigate(route: string): void;
  /** Re-renders the current route. */
  reload(): void;
  /** Announces a short message (a live region, read by screen readers too). */
  status(message: string): void;
}

export type Page = (ctx: PageContext) => Promise<void>;

/** Rows per page of every list. */
export const PAGE_SIZE = 20;
