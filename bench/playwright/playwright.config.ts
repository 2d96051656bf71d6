// Playwright Test configuration of the benchmark peer suite (see ../README.md). It runs the seven
// reference-shop flows against an already running `e2e shop`, on the same system Chromium with the
// same command-line flags as e2e's browser/launch.go, so that only the testers differ.
//
// Environment:
//   E2E_BASE_URL     the shop, e.g. http://127.0.0.1:8080 (required)
//   E2E_WORKERS      parallel workers (default: Playwright's, half the cores)
//   E2E_REPEAT_EACH  run each test this many times (default 1)
//   E2E_BROWSER_BIN  the Chromium to launch (default /usr/bin/chromium-headless-shell when
//                    installed, as a headless `e2e run`, else /usr/bin/chromium)
//   E2E_PW_OUTPUT    where failure screenshots go (default test-results)

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

function intEnv(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${v}: want a positive integer`);
  return n;
}

function defaultChromium(): string {
  const shell = '/usr/bin/chromium-headless-shell';
  return existsSync(shell) ? shell : '/usr/bin/chromium';
}

const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) throw new Error('E2E_BASE_URL is not set: start `e2e shop` and set it to its URL');

// browser/launch.go ChromiumFlags (headless, as root). --headless and --hide-scrollbars
// Playwright adds itself for headless: true, --no-sandbox for chromiumSandbox: false (its
// default). Chromium keeps only the last --disable-features, and Playwright puts its own list
// first, so the one below replaces it: Playwright 1.65.1's own list (chromiumSwitches in
// playwright-core) together with e2e's (disabledFeatures in browser/launch.go, read from there),
// so that both tools' Chromium runs with the same features. Among e2e's, RenderDocument changes
// what a navigation costs; the rest are background network calls, moot on this offline setup.
const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
  'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin',
  'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];
// e2e's list, read from browser/launch.go so that the two never drift apart.
function e2eDisabledFeatures(): string[] {
  const file = join(__dirname, '..', '..', 'browser', 'launch.go');
  const m = readFileSync(file, 'utf8').match(/var disabledFeatures = \[\]string\{([^}]*)\}/);
  if (!m) throw new Error(`${file}: no "var disabledFeatures = []string{...}" to read e2e's features from`);
  return [...m[1].matchAll(/"([^"]+)"/g)].map((f) => f[1]);
}
const e2eChromiumFlags = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-breakpad',
  '--disable-extensions',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-client-side-phishing-detection',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--force-color-profile=srgb',
  '--mute-audio',
  '--window-size=1280,800',
  '--disable-site-isolation-trials',
  '--disable-features=' + [...new Set([...playwrightDisabledFeatures, ...e2eDisabledFeatures()])].join(','),
];

export default defineConfig({
  testDir: './tests',
  outputDir: process.env.E2E_PW_OUTPUT || 'test-results',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: intEnv('E2E_WORKERS'),
  repeatEach: intEnv('E2E_REPEAT_EACH') ?? 1,
  reporter: 'list',
  // e2e's timeouts.flow and timeouts.action defaults.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    // No viewport emulation: the window is 1280x800, as e2e's (rod's NoDefaultDevice).
    viewport: null,
    actionTimeout: 10_000,
    navigationTimeout: 10_000,
    trace: 'off',
    video: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.E2E_BROWSER_BIN || defaultChromium(),
      args: e2eChromiumFlags,
    },
  },
});
