/**
 * @module The console's entry point: sign-in with an API token (kept in sessionStorage for the
 * tab's life, never in a URL), the navigation, and hash routes to the pages.
 */
import { ApiError, createApi, type Api } from './api.js';
import type { Page } from './context.js';
import { h, replace } from './dom.js';
import { createForm } from './forms.js';
import { networkPage } from './pages/network.js';
import { phoneFilesPage } from './pages/phone-files.js';
import { phonesPage } from './pages/phones.js';
import { qrPage } from './pages/qr.js';
import { unknownPage } from './pages/unknown.js';
import { userFormPage } from './pages/user-form.js';
import { userPhonesPage } from './pages/user-phones.js';
import { usersPage } from './pages/users.js';

const TOKEN_KEY = 'provd.token';

/** Routes, first match wins; `:name` segments become params. */
const ROUTES: readonly [string, Page][] = [
  ['/users', usersPage],
  ['/users/new', userFormPage],
  ['/users/:id', userFormPage],
  ['/users/:id/phones', userPhonesPage],
  ['/users/:id/qr', qrPage],
  ['/phones', phonesPage],
  ['/phones/:mac', phoneFilesPage],
  ['/unknown', unknownPage],
  ['/network', networkPage],
];

const NAV: readonly [string, string][] = [
  ['/users', 'Users'],
  ['/phones', 'Phones'],
  ['/unknown', 'Unknown devices'],
  ['/network', 'Network'],
];

const root = document.getElementById('app')!;
const statusLine = document.getElementById('status')!;
/** The status line survives a navigation the console made itself (after a save), not one the admin made. */
let keepStatus = false;

function start(): void {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return signIn();
  const api = createApi(token, signOut);
  const main = h('main', { id: 'main', tabindex: '-1' });
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h('ul', {}, ...NAV.map(([route, text]) => h('li', {}, h('a', { href: `#${route}`, 'data-route': route }, text)))),
    h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out')
  );
  replace(root, h('header', { class: 'top' }, h('a', { class: 'skip', href: '#main', onclick: skipToMain }, 'Skip to content'), h('span', { class: 'brand' }, 'provd'), nav), main);
  window.onhashchange = () => void show(api, main);
  void show(api, main);
}

async function show(api: Api, main: HTMLElement): Promise<void> {
  const [path = '', search = ''] = location.hash.slice(1).split('?');
  if (!path) return void (location.hash = '#/users');
  const match = matchRoute(path);
  for (const a of document.querySelectorAll('nav a[data-route]')) {
    if (path.startsWith(a.getAttribute('data-route')!)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!keepStatus) statusLine.textContent = '';
  keepStatus = false;
  if (!match) return replace(main, h('h1', { tabindex: '-1' }, 'Not found'));
  const ctx = {
    api,
    main,
    params: match.params,
    query: new URLSearchParams(search),
    navigate: (route: string) => {
      keepStatus = true;
      location.hash = `#${route}`;
    },
    reload: () => {
      keepStatus = true;
      void show(api, main);
    },
    status: (message: string) => (statusLine.textContent = message),
  };
  // aria-busy while the page loads its data (assistive technology waits; tests wait for it too).
  main.setAttribute('aria-busy', 'true');
  try {
    await match.page(ctx);
    main.querySelector('h1')?.focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    replace(main, h('h1', { tabindex: '-1' }, 'Something went wrong'), h('p', { class: 'form-error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
  } finally {
    main.setAttribute('aria-busy', 'false');
  }
}

function signIn(): void {
  window.onhashchange = null;
  const form = createForm('sign-in', [{ name: 'token', label: 'API token', type: 'password', required: true, autocomplete: 'current-password', hint: 'The admin token (data/admin-token) or a token made with POST /api/tokens.' }], 'Sign in', async (f) => {
    const token = String(f.values().token);
    if (!token) throw new ApiError(400, 'PROV_ERR_VALIDATION', 'token is required', [{ field: 'token', message: 'is required' }]);
    try {
      await createApi(token, () => {}).get('/vendors');
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        throw new ApiError(error.status, error.code, error.message, [{ field: 'token', message: error.status === 401 ? 'is not a valid API token' : 'has no admin role' }]);
      }
      throw error;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    start();
  });
  replace(root, h('main', { id: 'main', class: 'sign-in' }, h('h1', {}, 'provd console'), h('p', {}, 'Sign in with an API token.'), form.element));
}

function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  statusLine.textContent = 'Signed out.';
  signIn();
}

function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/** The first route whose segments match `path` (`/users/42/phones` -> userPhonesPage, { id: '42' }). */
function matchRoute(path: string): { page: Page; params: Record<string, string> } | undefined {
  const parts = path.split('/');
  for (const [pattern, page] of ROUTES) {
    const want = pattern.split('/');
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = want.every((segment, i) => {
      const part = parts[i]!;
      if (!segment.startsWith(':')) return segment === part;
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return false; // a malformed %-escape typed into the address bar: no route
      }
      return part !== '';
    });
    if (matches) return { page, params };
  }
  return undefined;
}

start();
