// Replays a flow's network.har with Playwright's routeFromHAR (notFound: abort, so nothing
// reaches a server) and signs in to the token app from it: the page shows "signed in as <user>"
// only if the browser's own /api/me entry is served, not the tester's 401 for the same URL.
// Usage: node replay_token_app.js <playwright module dir> <chromium> <har> <user>
const [pwDir, chromiumPath, harPath, user] = process.argv.slice(2);
const { chromium } = require(pwDir);
const fs = require('fs');

(async () => {
  const har = JSON.parse(fs.readFileSync(harPath, 'utf8'));
  const page0 = har.log.entries.find((e) => !e._source && e.request.method === 'GET');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const ctx = await browser.newContext();
    await ctx.routeFromHAR(harPath, { notFound: 'abort' });
    const page = await ctx.newPage();
    await page.goto(page0.request.url, { timeout: 10000 });
    await page.fill('[name=username]', user, { timeout: 5000 });
    await page.click('[data-testid=login]', { timeout: 5000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=who]').textContent !== 'signed out', null, { timeout: 5000 });
    console.log(await page.textContent('[data-testid=who]'));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
