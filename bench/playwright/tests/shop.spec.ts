// The seven flows of e2e's reference-shop suite (flows/shop_account.go, flows/shop_favourites.go),
// step for step and check for check, for Playwright Test. Each test creates its own user, checks
// the UI through data-testid locators, the JSON API through page.request (the page's cookies) and
// the database rows read-only.

import {
  expect,
  flashAccountCreated,
  flashSignedOut,
  labelAdd,
  labelRemove,
  newAccount,
  signUp,
  signUpAndLogIn,
  test,
} from './support/fixtures';

// signup: the form leads to /login with the flash; a users row exists whose hash is not the
// password; /api/me answers 401, as signing up does not sign in.
test('signup', async ({ ui, api, db }) => {
  const a = newAccount();
  await test.step('fill and submit the signup form', async () => {
    await ui.goto('/signup');
    await ui.signup(a);
  });
  await test.step('see the login page with the flash', async () => {
    expect(ui.path(), 'page after signing up').toBe('/login');
    await expect(ui.testId('flash')).toHaveText(flashAccountCreated);
  });
  await test.step('check the users row', async () => {
    const row = db.user(a.username);
    expect(row, `users row of ${a.username}`).not.toBeNull();
    expect(row!.email, 'users.email').toBe(a.email);
    expect(row!.password_hash, 'users.password_hash must not be the password').not.toBe(a.password);
    expect(row!.password_hash, 'users.password_hash must not contain the password').not.toContain(a.password);
    expect(
      row!.password_hash.startsWith('$2') || row!.password_hash.startsWith('$argon2id$'),
      `users.password_hash is a bcrypt or argon2id hash, found ${row!.password_hash.slice(0, 7)}...`,
    ).toBe(true);
  });
  await test.step('check /api/me answers 401', async () => {
    await api.call('GET', '/api/me', 401);
  });
});

// login: a wrong password gives 401, the generic error and no session row; the right one leads
// home with the name in the nav, /api/me returns the user and a session row exists.
test('login', async ({ ui, api, db }) => {
  const { a, row } = await signUp(ui, db);
  await test.step('log in with a wrong password', async () => {
    const status = await ui.login(a.username, `${a.password}-wrong`);
    expect(status, 'status of the failed login').toBe(401);
    await expect(ui.testId('form-error'), 'form-error after a wrong password').toHaveText('Invalid username or password');
    expect(db.sessions(row.id), 'sessions rows after a failed login').toHaveLength(0);
  });
  await test.step('log in with the right password', async () => {
    await ui.login(a.username, a.password);
    expect(ui.path(), 'page after logging in').toBe('/');
    await expect(ui.testId('nav-user'), 'nav-user').toHaveText(a.username);
  });
  await test.step('check /api/me and the sessions row', async () => {
    const me = await api.json('/api/me');
    expect(me.username, '/api/me username').toBe(a.username);
    expect(me.email, '/api/me email').toBe(a.email);
    expect(me.id, '/api/me id against users.id').toBe(row.id);
    expect(db.sessions(row.id), 'sessions rows after logging in').toHaveLength(1);
  });
});

// protected redirect: signed out, protected pages lead to /login?next=...; after logging in the
// user lands on the page first asked for.
test('protected redirect', async ({ ui, db }) => {
  const { a } = await signUp(ui, db);
  for (const p of ['/favourites', '/profile']) {
    await test.step(`open ${p} signed out`, async () => {
      await ui.goto(p);
      const u = new URL(ui.path(), ui.baseURL);
      expect(u.pathname, `where ${p} leads when signed out (${ui.path()})`).toBe('/login');
      expect(u.searchParams.get('next'), `the next parameter of ${ui.path()}`).toBe(p);
      await expect(ui.testId('login-submit')).toBeVisible();
    });
  }
  await test.step('log in from the redirect', async () => {
    await ui.login(a.username, a.password);
    expect(ui.path(), 'page after logging in from /login?next=/profile').toBe('/profile');
    await expect(ui.testId('profile-username'), 'profile-username').toHaveText(a.username);
  });
});

// profile: the profile shows the user; a changed display name shows on the page, in /api/me and
// in the database.
test('profile', async ({ ui, api, db }) => {
  const { a, row } = await signUpAndLogIn(ui, db);
  await test.step('see the profile', async () => {
    await ui.clickAndWaitNavigation('nav-profile');
    await expect(ui.testId('profile-username'), 'profile-username').toHaveText(a.username);
    await expect(ui.testId('profile-email'), 'profile-email').toHaveText(a.email);
    await expect(ui.testId('profile-since')).toBeVisible();
  });
  const name = `Tester ${a.username.slice(2, 6).toUpperCase()} <&>`;
  await test.step('change the display name', async () => {
    await ui.fill('display_name', name);
    await ui.clickAndWaitNavigation('profile-save');
    await expect(ui.testId('profile-display-name'), 'profile-display-name after saving').toHaveText(name);
  });
  await test.step('check /api/me and the users row', async () => {
    const me = await api.json('/api/me');
    expect(me.display_name, '/api/me display_name').toBe(name);
    const u = db.user(a.username);
    expect(u?.id, 'users.id').toBe(row.id);
    expect(u?.display_name, 'users.display_name').toBe(name);
  });
});

// add favourite: from the catalog to a product, toggle; the label and aria-pressed change after
// the API answers; /favourites lists it; the API and the database agree.
test('add favourite', async ({ ui, api, db }) => {
  const { row } = await signUpAndLogIn(ui, db);
  let card = { id: '', text: '' };
  await test.step('pick a product in the catalog', async () => {
    await ui.goto('/');
    const cards = await ui.cards();
    expect(cards.length, 'product cards in the catalog').toBeGreaterThanOrEqual(12);
    card = cards[Math.floor(Math.random() * cards.length)];
    const link = ui.page.locator(`[data-testid="product-card"][data-product-id="${card.id}"] [data-testid="product-link"]`);
    await Promise.all([ui.page.waitForNavigation({ waitUntil: 'domcontentloaded' }), link.click()]);
  });
  let name = '';
  await test.step('add it to favourites', async () => {
    name = ((await ui.testId('product-name').innerText()) ?? '').trim();
    expect(card.text, "the catalog card shows the product's name").toContain(name);
    const toggle = ui.testId('favourite-toggle');
    await expect(toggle, 'toggle before adding').toHaveText(labelAdd);
    await expect(toggle, 'toggle before adding').toHaveAttribute('aria-pressed', 'false');
    await ui.toggleFavourite();
    await expect(toggle, 'toggle after adding').toHaveText(labelRemove);
    await expect(toggle, 'toggle after adding').toHaveAttribute('aria-pressed', 'true');
    await expect(ui.testId('toast'), 'toast after adding').toHaveText('Added to favourites');
  });
  const id = Number.parseInt(card.id, 10);
  await test.step('see it on /favourites', async () => {
    await ui.clickAndWaitNavigation('nav-favourites');
    const items = await ui.favouriteItems();
    expect(items, 'favourite-item rows').toHaveLength(1);
    expect(items[0].productId, 'favourite-item data-product-id').toBe(card.id);
    expect(items[0].text, 'favourite-item text').toContain(name);
  });
  await test.step('check /api/favourites and the favourites rows', async () => {
    expect(await api.favouriteIDs(), '/api/favourites product ids').toEqual([id]);
    expect(db.favourites(row.id).map((r) => r.product_id), 'favourites rows').toEqual([id]);
  });
});

// remove favourite: removing favourites takes them off /favourites, shows favourites-empty when
// none is left, and the API and the database agree at each step.
test('remove favourite', async ({ ui, api, db }) => {
  const { row } = await signUpAndLogIn(ui, db);
  let first = 0;
  let second = 0;
  const dbIDs = () => db.favourites(row.id).map((r) => r.product_id);
  await test.step('add two favourites through the API', async () => {
    const products = (await api.json('/api/products')).items as { id: number }[];
    expect(products.length, '/api/products items').toBeGreaterThanOrEqual(2);
    const i = Math.floor(Math.random() * (products.length - 1));
    [first, second] = [products[i].id, products[i + 1].id];
    const csrf = { 'X-CSRF-Token': await ui.csrfToken() };
    await api.call('PUT', `/api/favourites/${first}`, 204, csrf);
    await api.call('PUT', `/api/favourites/${second}`, 204, csrf);
  });
  await test.step('see both on /favourites, newest first', async () => {
    await ui.clickAndWaitNavigation('nav-favourites');
    const items = await ui.favouriteItems();
    expect(items.map((it) => it.productId), 'favourite-item product ids').toEqual([String(second), String(first)]);
  });
  await test.step('remove the newest', async () => {
    await ui.removeFavourite(String(second));
    const items = await ui.favouriteItems();
    expect(items.map((it) => it.productId), 'favourite-item product ids after removing one').toEqual([String(first)]);
    expect(await api.favouriteIDs(), '/api/favourites after removing one').toEqual([first]);
    expect(dbIDs(), 'favourites rows after removing one').toEqual([first]);
  });
  await test.step('remove the last', async () => {
    await ui.removeFavourite(String(first));
    await expect(ui.testId('favourites-empty')).toBeVisible();
    expect(await api.favouriteIDs(), '/api/favourites after removing all').toEqual([]);
    expect(dbIDs(), 'favourites rows after removing all').toEqual([]);
  });
});

// logout: logging out signs out with the flash, and the old session cookie no longer works.
test('logout', async ({ ui, db, page, playwright, baseURL }) => {
  const { row } = await signUpAndLogIn(ui, db);
  const old = await page.context().cookies(ui.url('/'));
  expect(old.length, 'cookies while signed in').toBeGreaterThan(0);
  await test.step('log out', async () => {
    await ui.clickAndWaitNavigation('nav-logout');
    expect(ui.path(), 'page after logging out').toBe('/');
    await expect(ui.testId('flash')).toHaveText(flashSignedOut);
    await expect(ui.testId('nav-login')).toBeVisible();
  });
  await test.step('check the old session is dead', async () => {
    // A client of its own that sends the old cookies and nothing else.
    const req = await playwright.request.newContext({ baseURL });
    try {
      const res = await req.get('/api/me', {
        headers: { Accept: 'application/json', Cookie: old.map((c) => `${c.name}=${c.value}`).join('; ') },
        maxRedirects: 0,
      });
      expect(res.status(), `/api/me with the old session cookie; body: ${await res.text()}`).toBe(401);
    } finally {
      await req.dispose();
    }
    expect(db.sessions(row.id), 'sessions rows after logging out').toHaveLength(0);
  });
});
