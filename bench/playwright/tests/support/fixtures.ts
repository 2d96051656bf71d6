// Fixtures and helpers of the Playwright suite: the same page actions, API calls and database
// reads as e2e's page objects (pages/*.go), backend probes (backend/*.go) and flow helpers
// (flows/shop_helpers.go), so that both suites do the same work.

import { randomBytes } from 'node:crypto';
import { test as base, expect, type APIResponse, type Locator, type Page } from '@playwright/test';
import { ShopDB, type UserRow } from './sqlite';

export { expect };

// The shop's messages and labels the flows expect, from its contract.
export const flashAccountCreated = 'Account created. Please sign in.';
export const flashSignedOut = 'Signed out';
export const labelAdd = 'Add to favourites';
export const labelRemove = 'Remove from favourites';
const favouritesAPI = '/api/favourites/';

export interface Account {
  username: string;
  email: string;
  password: string;
}

/** A new account no one has used, as e2e's F.NewAccount makes it. */
export function newAccount(): Account {
  const id = randomBytes(5).toString('hex');
  return { username: `u_${id}`, email: `u_${id}@example.test`, password: `pw-${randomBytes(8).toString('hex')}` };
}

/** Where the shop's database is: GET {base}/.well-known/e2e-shop, as `e2e run --base-url` finds it. */
async function discoverDB(baseURL: string): Promise<string> {
  const res = await fetch(new URL('/.well-known/e2e-shop', baseURL));
  if (!res.ok) throw new Error(`GET ${baseURL}/.well-known/e2e-shop: HTTP ${res.status}`);
  const d = (await res.json()) as { db_driver?: string; db_dsn?: string };
  if (d.db_driver !== 'sqlite' || !d.db_dsn) throw new Error(`shop discovery: unexpected answer ${JSON.stringify(d)}`);
  return d.db_dsn;
}

export const test = base.extend<{ ui: UI; api: API }, { db: ShopDB }>({
  // One database reader per worker, as e2e opens one per run.
  db: [
    async ({}, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      if (!baseURL) throw new Error('no baseURL: set E2E_BASE_URL');
      await use(await ShopDB.open(await discoverDB(baseURL)));
    },
    { scope: 'worker' },
  ],
  ui: async ({ page, baseURL }, use) => {
    await use(new UI(page, baseURL!));
  },
  api: async ({ page }, use) => {
    await use(new API(page));
  },
});

/** The page actions of e2e's page objects, on Playwright locators. */
export class UI {
  constructor(readonly page: Page, readonly baseURL: string) {}

  testId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** The URL of path under the base URL. */
  url(path: string): string {
    return this.baseURL.replace(/\/+$/, '') + path;
  }

  /** The current URL's path and query. */
  path(): string {
    const u = new URL(this.page.url());
    return u.pathname + u.search;
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
  }

  /** Fills the form field named name (its name attribute), as e2e's fill does. */
  async fill(name: string, value: string): Promise<void> {
    await this.page.locator(`[name="${name}"]`).fill(value);
  }

  /** Clicks the element with data-testid id and waits until the page it leads to is loaded enough. */
  async clickAndWaitNavigation(id: string): Promise<void> {
    await Promise.all([this.page.waitForNavigation({ waitUntil: 'domcontentloaded' }), this.testId(id).click()]);
  }

  async signup(a: Account): Promise<void> {
    await this.fill('username', a.username);
    await this.fill('email', a.email);
    await this.fill('password', a.password);
    await this.fill('password_confirm', a.password);
    await this.clickAndWaitNavigation('signup-submit');
  }

  /** Logs in on the login page shown; returns the HTTP status of the page the shop answers with. */
  async login(username: string, password: string): Promise<number> {
    await this.fill('username', username);
    await this.fill('password', password);
    const [res] = await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
      this.testId('login-submit').click(),
    ]);
    return res?.status() ?? 0;
  }

  /** Clicks el and returns the answer to the request it makes under /api/favourites/. */
  async clickAndWaitAPI(el: Locator): Promise<APIResponseStatus> {
    const [res] = await Promise.all([
      this.page.waitForResponse((r) => new URL(r.url()).pathname.startsWith(favouritesAPI)),
      el.click(),
    ]);
    return { status: res.status(), what: `${res.request().method()} ${new URL(res.url()).pathname}` };
  }

  /** The CSRF token the page carries in <meta name="csrf-token">. */
  async csrfToken(): Promise<string> {
    const token = await this.page.locator('meta[name="csrf-token"]').getAttribute('content');
    if (!token) throw new Error('csrf token: the page has no <meta name="csrf-token">');
    return token;
  }

  /** The catalog's product cards, once there is at least one. */
  async cards(): Promise<{ id: string; text: string }[]> {
    await expect(this.testId('product-card').first()).toBeVisible();
    return this.testId('product-card').evaluateAll((els) =>
      els.map((e) => ({ id: (e as HTMLElement).dataset.productId ?? '', text: (e as HTMLElement).innerText.trim() })),
    );
  }

  /** The favourites listed, in page order, once the page shows either items or the empty message. */
  async favouriteItems(): Promise<{ productId: string; text: string }[]> {
    await this.page.locator('[data-testid="favourite-item"],[data-testid="favourites-empty"]').first().waitFor({ state: 'attached' });
    return this.testId('favourite-item').evaluateAll((els) =>
      els.map((e) => ({
        productId: (e as HTMLElement).dataset.productId ?? '',
        text: (e.textContent ?? '').split(/\s+/).filter(Boolean).join(' '),
      })),
    );
  }

  /** Toggles the favourite toggle of the product page; returns what it shows once it has changed. */
  async toggleFavourite(): Promise<void> {
    const el = this.testId('favourite-toggle');
    const pressed = (await el.getAttribute('aria-pressed')) === 'true';
    const want = pressed ? { label: labelAdd, pressed: 'false' } : { label: labelRemove, pressed: 'true' };
    const ans = await this.clickAndWaitAPI(el);
    expect(ans.status, `${ans.what} answered`).toBeGreaterThanOrEqual(200);
    expect(ans.status, `${ans.what} answered`).toBeLessThan(300);
    await expect(el).toHaveText(want.label);
    await expect(el).toHaveAttribute('aria-pressed', want.pressed);
    await expect(el).toBeEnabled();
  }

  /** Removes the favourite of product id on /favourites and waits until its row is gone. */
  async removeFavourite(productId: string): Promise<void> {
    const row = this.page.locator(`[data-testid="favourite-item"][data-product-id="${productId}"]`);
    const ans = await this.clickAndWaitAPI(row.getByTestId('favourite-remove'));
    expect(ans.status, `${ans.what} answered`).toBeGreaterThanOrEqual(200);
    expect(ans.status, `${ans.what} answered`).toBeLessThan(300);
    await expect(row).toHaveCount(0);
  }
}

interface APIResponseStatus {
  status: number;
  what: string;
}

/** The shop's JSON API, called with the page's cookies (page.request shares the context's). */
export class API {
  constructor(readonly page: Page) {}

  /** Calls the API and requires the status want. */
  async call(method: string, path: string, want: number, headers: Record<string, string> = {}): Promise<APIResponse> {
    const res = await this.page.request.fetch(path, {
      method,
      headers: { Accept: 'application/json', ...headers },
      maxRedirects: 0,
    });
    if (res.status() !== want) {
      expect(res.status(), `${method} ${path} status; body: ${await res.text()}`).toBe(want);
    }
    return res;
  }

  async json(path: string): Promise<any> {
    return (await this.call('GET', path, 200)).json();
  }

  /** The product ids /api/favourites lists, in its order. */
  async favouriteIDs(): Promise<number[]> {
    const body = await this.json('/api/favourites');
    return (body.items as { product_id: number }[]).map((it) => it.product_id);
  }
}

/** Creates a new account through the signup form; returns it with its users row. */
export async function signUp(ui: UI, db: ShopDB): Promise<{ a: Account; row: UserRow }> {
  const a = newAccount();
  let row: UserRow | null = null;
  await test.step('sign up a new user', async () => {
    await ui.goto('/signup');
    await ui.signup(a);
    expect(ui.path(), 'page after signing up').toBe('/login');
    row = db.user(a.username);
    expect(row, `users row of ${a.username} after signing up`).not.toBeNull();
  });
  return { a, row: row! };
}

/** Creates a new account and logs in with it through the forms. */
export async function signUpAndLogIn(ui: UI, db: ShopDB): Promise<{ a: Account; row: UserRow }> {
  const r = await signUp(ui, db);
  await test.step('log in', async () => {
    await ui.login(r.a.username, r.a.password);
    await expect(ui.testId('nav-user'), 'nav-user after logging in').toHaveText(r.a.username);
  });
  return r;
}
