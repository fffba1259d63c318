import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Driver } from './support/driver';
import { incidentJourney } from './support/incident-journey';
import { puppeteerDriver } from './support/puppeteer-driver';
import { ARTIFACTS, requireBrowser, type SandboxStack, startSandbox } from './support/sandbox-stack';

// The sandbox page's journey (the same steps as in sandbox.test.ts) in Debian's
// Firefox ESR. playwright-core drives only its own patched Firefox, which cannot
// be downloaded here, and its BiDi mode needs a newer Firefox than the ESR; so
// puppeteer-core drives the stock ESR over WebDriver BiDi.

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

jest.setTimeout(120_000);

let stack: SandboxStack;
let browser: Browser;
let page: Page;
let driver: Driver;
let profileDir: string;

beforeAll(async () => {
  requireBrowser(FIREFOX, 'firefox-esr', 'FIREFOX_PATH');
  stack = await startSandbox();
  profileDir = mkdtempSync(join(tmpdir(), 'fb-firefox-'));
  // No network here: a fresh profile, and nothing Firefox would fetch or show by itself
  // on a first run (welcome pages, updates, remote settings, telemetry).
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profileDir,
    defaultViewport: { width: 1280, height: 800 },
    env: { ...process.env, TZ: 'UTC', MOZ_CRASHREPORTER_DISABLE: '1' },
    extraPrefsFirefox: {
      'intl.locale.requested': 'en-GB',
      'intl.accept_languages': 'en-GB',
      'browser.aboutwelcome.enabled': false,
      'browser.startup.homepage_override.mstone': 'ignore',
      'app.update.disabledForTesting': true,
      'app.update.auto': false,
      'network.connectivity-service.enabled': false,
      'network.captive-portal-service.enabled': false,
      'services.settings.server': 'data:,',
      'messaging-system.rsexperimentloader.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  page = (await browser.pages())[0] ?? (await browser.newPage());
  // defaultViewport reaches only pages opened later; the first one is sized here.
  await page.setViewport({ width: 1280, height: 800 });
  // Its listeners collect the page's uncaught errors and console.error: the test fails if there are any.
  driver = puppeteerDriver(page, ARTIFACTS);
}, 90_000);

// The last screen, pass or fail: what went wrong is usually visible there.
afterEach(async () => {
  const errors = driver?.takeErrors() ?? [];
  await page?.screenshot({ path: join(ARTIFACTS, 'firefox-last.png') as `${string}.png` }).catch(() => undefined);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

test('a person runs an incident from declaration to archive in Firefox ESR', async () => {
  await incidentJourney(driver, stack.url);
});
