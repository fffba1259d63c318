import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block } from '@firebreak/slack-emulator/types';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { Running } from '../../src/cli/run';
import type { Driver } from './support/driver';
import { incidentJourney, openForm } from './support/incident-journey';
import { playwrightDriver } from './support/playwright-driver';
import { ARTIFACTS, requireBrowser, type SandboxStack, startSandbox } from './support/sandbox-stack';

// The sandbox page as a person uses it: a real Chromium (Debian's package,
// driven by playwright-core) on the page `npm start` serves without Slack
// credentials, with the real bot behind the emulator. Every assertion is on
// what the page shows. sandbox-firefox.test.ts runs the same journey in Firefox ESR.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT = 15_000;

jest.setTimeout(180_000);

let stack: SandboxStack;
let running: Running;
let browser: BrowserContext;
let page: Page;
let driver: Driver;
let userDataDir: string;

beforeAll(async () => {
  requireBrowser(CHROMIUM, 'chromium', 'CHROMIUM_PATH');
  stack = await startSandbox();
  running = stack.running;
  userDataDir = mkdtempSync(join(tmpdir(), 'fb-chromium-'));
  // No network here: everything Chromium would fetch by itself is turned off. A fresh
  // profile each run (playwright takes it as launchPersistentContext's userDataDir).
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  // Its listeners collect the page's uncaught errors and console.error: a test fails if there are any.
  driver = playwrightDriver(page, ARTIFACTS);
}, 120_000);

// The last screen of each test, pass or fail: what went wrong is usually visible there.
afterEach(async () => {
  const errors = driver?.takeErrors() ?? [];
  await page
    ?.screenshot({
      path: join(ARTIFACTS, `last-${expect.getState().currentTestName?.slice(0, 40).replace(/\W+/g, '-')}.png`),
    })
    .catch(() => undefined);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const see = async (locator: Locator, timeout = WAIT) => {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
};
const messages = () => page.locator('#messages .msg');
const message = (text: string | RegExp) => messages().filter({ hasText: text });
const sidebarItem = (text: string | RegExp) => page.locator('.sidebar .conv').filter({ hasText: text });
const modal = () => page.locator('dialog#modal[open]');

async function send(text: string) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
}

/** The field of the open modal labelled `label`. */
const field = (label: string) =>
  modal().getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(optional\\))?$`));

test('a person runs an incident from declaration to archive in the sandbox page', async () => {
  await incidentJourney(driver, stack.url);
});

test('each person sees their own view: DMs, ephemeral replies, and Esc closes a modal', async () => {
  await page.goto(`${running.emulator!.url}/#CGENERAL`);
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UBOB');
  // Bob was made scribe in the first test: Firebreak told him by DM.
  await (await see(page.locator('#dms .conv', { hasText: 'Firebreak' }))).click();
  await see(message(/made you the \*?scribe/));
  await shot('09-bob-dm');
  await page.locator('#channels .conv', { hasText: 'general' }).click();
  await see(page.getByRole('heading', { name: '#general' }));
  await send('/incident help');
  await see(message('/incident declare').filter({ hasText: 'Only visible to you' }));
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UCAROL');
  await see(page.locator('.intro'));
  await page.waitForTimeout(300);
  expect(await message('Only visible to you').count()).toBe(0);
  await openForm(driver, '/incident declare', /declare/i);
  await page.keyboard.press('Escape');
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });
  expect(running.emulator!.workspace.openViews('UCAROL')).toHaveLength(0);
});

test('Block Kit and mrkdwn render readably, and nothing in a message becomes markup', async () => {
  const ws = running.emulator!.workspace;
  // Loosely typed on purpose: the emulator's Block type has no mrkdwn context elements.
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Render check <b>not bold</b>' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*bold* _italic_ ~gone~ `code()` snake_case_name <@UCAROL> <#CINCIDENTS> <!date^1700000000^{date}|Nov 14> <https://example.com/x?a=1&amp;b=2|a link> <javascript:alert(1)|bad link> &lt;img src=x onerror=alert(1)&gt; &amp; <!here>',
      },
      fields: [
        { type: 'mrkdwn', text: '*Field one*\nvalue' },
        { type: 'plain_text', text: '<i>plain</i>' },
      ],
      accessory: { type: 'button', action_id: 'noop', text: { type: 'plain_text', text: 'Accessory' } },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'context :white_check_mark:' }] },
    { type: 'divider' },
    {
      type: 'actions',
      elements: [{ type: 'button', action_id: 'noop2', style: 'danger', text: { type: 'plain_text', text: 'Danger' } }],
    },
  ];
  ws.addMessage({ channel: 'CGENERAL', user: ws.botUserId, text: 'fallback', blocks: blocks as Block[] });
  ws.notifyChanged();
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UALICE');
  await page.locator('#channels .conv', { hasText: 'general' }).click();
  const m = await see(message('Render check'));
  await expect(m.locator('h3').textContent()).resolves.toBe('Render check <b>not bold</b>');
  await expect(m.locator('.section-text strong').first().textContent()).resolves.toBe('bold');
  await expect(m.locator('.section-text em').first().textContent()).resolves.toBe('italic');
  await expect(m.locator('.section-text s').textContent()).resolves.toBe('gone');
  await expect(m.locator('.section-text code').textContent()).resolves.toBe('code()');
  await expect(m.locator('.mention').allTextContents()).resolves.toEqual(['@carol', '@here']);
  await expect(m.locator('.channel-link').textContent()).resolves.toBe('#incidents');
  const text = (await m.locator('.section-text').textContent()) ?? '';
  expect(text).toContain('snake_case_name');
  // A date token shows in the reader's zone (UTC in this browser), as Slack writes {date}, not its fallback.
  expect(text).toContain('November 14th, 2023');
  expect(text).toContain('<img src=x onerror=alert(1)> &');
  expect(text).toContain('bad link');
  await expect(m.locator('a', { hasText: 'a link' }).getAttribute('href')).resolves.toBe(
    'https://example.com/x?a=1&b=2',
  );
  await expect(m.locator('a', { hasText: 'bad link' }).count()).resolves.toBe(0);
  await expect(m.locator('img, i, b').count()).resolves.toBe(0);
  await expect(m.locator('.fields .field').allTextContents()).resolves.toEqual(['Field onevalue', '<i>plain</i>']);
  await see(m.getByRole('button', { name: 'Accessory' }));
  await see(m.getByRole('button', { name: 'Danger' }));
  await expect(m.locator('.context').textContent()).resolves.toBe('context ✅');
  await expect(m.locator('hr').count()).resolves.toBe(1);
  await shot('10-block-kit');
  // The channel link opens the channel.
  await m.locator('.channel-link').click();
  await see(page.getByRole('heading', { name: '#incidents' }));
});

test('the Home tab shows the person’s incidents, roles and follow-ups; Done there takes one off', async () => {
  await page.goto(`${running.emulator!.url}/#CGENERAL`);
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UDAVE');
  await openForm(driver, '/incident declare Search results are empty', /declare/i);
  await field('Severity').selectOption('SEV2');
  await field('Commander').selectOption('UDAVE');
  await modal()
    .getByRole('button', { name: /declare|submit/i })
    .click();
  // The form answers with the channel's link; Esc closes it.
  await see(page.locator('dialog#modal', { hasText: /is declared\. Its channel is/ }));
  await page.keyboard.press('Escape');
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });
  await (await see(sidebarItem(/search-results-are-empty/))).click();
  await see(page.getByRole('heading', { name: /search-results-are-empty/ }));
  await send('/incident followup Add an empty-results alert @dave');
  await see(message('Add an empty-results alert'));

  // Apps → Firebreak, by keyboard: the Home tab opens for Dave.
  await page.getByRole('button', { name: /Firebreak Home/ }).focus();
  await page.keyboard.press('Enter');
  await see(page.getByRole('heading', { name: 'Firebreak · Home', level: 1 }));
  const home = page.locator('#home-view');
  const incident = await see(home.locator('.section', { hasText: 'Search results are empty' }));
  await expect(incident.textContent()).resolves.toMatch(/SEV2 · Triage · next update due/);
  // Slack's date token, shown in the reader's own zone as Slack's clients do, not the UTC fallback.
  await expect(incident.textContent()).resolves.toMatch(/next update due (Today|Tomorrow) \d{1,2}:\d{2}\s?[AP]M/);
  await see(home.getByText(/commander of INC-\d+/));
  const followup = await see(home.locator('.section', { hasText: 'Add an empty-results alert' }));
  await expect(page.getByRole('button', { name: /Firebreak Home/ }).getAttribute('aria-current')).resolves.toBe('page');
  await shot('11-home-tab');

  // Done: Firebreak publishes the tab again, without the follow-up; focus is not lost.
  const done = followup.getByRole('button', { name: 'Done' });
  const describedBy = (await done.getAttribute('aria-describedby')) ?? 'none';
  await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toContain('Add an empty-results alert');
  await done.click();
  await see(home.getByText('Nothing owed.'));
  await expect(home.locator('.section', { hasText: 'Add an empty-results alert' }).count()).resolves.toBe(0);
  await see(incident);
  await expect(page.locator('#home :focus').count()).resolves.toBe(1);

  // Another person sees their own Home tab, without Dave's role.
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UCAROL');
  await see(home.getByText('You hold no role in an open incident.'));
  await see(home.locator('.section', { hasText: 'Search results are empty' }));
  await shot('12-home-tab-carol');

  // Back to a channel: the conversation returns.
  await page.locator('#channels .conv', { hasText: 'general' }).click();
  await see(page.getByRole('heading', { name: '#general' }));
  expect(await page.locator('#home').isVisible()).toBe(false);
});

test('the stats chart shows in its DM as an image; the drill form shows its emoji and the sandbox’s DR plan', async () => {
  await page.goto(`${running.emulator!.url}/#CGENERAL`);
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UALICE');
  await page.locator('#channels .conv', { hasText: 'general' }).click();
  await see(page.getByRole('heading', { name: '#general' }));
  await send('/incident stats all');
  await see(message('The chart').filter({ hasText: 'Only visible to you' }));
  await (await see(page.locator('#dms .conv', { hasText: 'Firebreak' }))).click();
  await see(message('Incidents per week').locator('.file-image img'));
  // Drawn (not a broken link) and at 2×: at least 720 pixels wide behind its scaled-down box.
  const loaded =
    "(() => { const img = document.querySelector('#messages .file-image img'); return img && img.complete ? img.naturalWidth : 0; })()";
  await page.waitForFunction(loaded, undefined, { timeout: WAIT });
  expect(await page.evaluate(loaded)).toBeGreaterThanOrEqual(720);
  await shot('12-stats-chart');

  await page.locator('#channels .conv', { hasText: 'general' }).click();
  await openForm(driver, '/incident drill Failover rehearsal', /drill/i);
  await see(modal().getByText(/🧪 This is a drill/));
  expect(await modal().getByText(':test_tube:').count()).toBe(0);
  await expect(field('Plan').locator('option').allTextContents()).resolves.toContain(
    'Fail the primary database over to the replica',
  );
  await shot('13-drill-form');
  await page.keyboard.press('Escape');
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });
});

test('the Integrations panel fires an alert, Firebreak asks in #incidents, and declaring at SEV1 pages the fake on-call', async () => {
  await page.goto(`${running.emulator!.url}/#CGENERAL`);
  await page.getByRole('combobox', { name: 'Signed in as' }).selectOption('UALICE');
  await (await see(page.getByRole('button', { name: 'Integrations' }))).click();
  await see(page.getByRole('heading', { name: 'Integrations', level: 1 }));
  const panel = page.locator('#integrations');
  await see(panel.getByRole('heading', { name: 'Pages the on-call received' }));
  await panel.getByLabel('Alert name').fill('PaymentsDown');
  await panel.getByLabel('Severity').selectOption('critical');
  await panel.getByLabel('Summary').fill('Payments API answers 503 to every request');
  await panel.getByLabel('firing').check();
  await panel.getByRole('button', { name: 'Fire alert' }).click();
  await see(panel.getByRole('status').filter({ hasText: 'Firebreak posted about it in #incidents.' }));
  await shot('14-integrations-fired');

  await panel.getByRole('button', { name: 'Open #incidents' }).click();
  await see(page.getByRole('heading', { name: '#incidents' }));
  const prompt = await see(message('Payments API answers 503'));
  await prompt.getByRole('button', { name: 'Declare incident' }).click();
  await see(modal());
  await modal()
    .getByRole('button', { name: /declare|submit/i })
    .click();
  await see(page.locator('dialog#modal', { hasText: /is declared\./ }));
  await page.keyboard.press('Escape');
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });

  await page.getByRole('button', { name: 'Integrations' }).click();
  const paged = await see(page.locator('#pages-list li', { hasText: 'Payments API answers 503' }));
  await expect(paged.textContent()).resolves.toMatch(/open.*pagerduty · critical · dedup key firebreak-.+-INC-\d+/);
  const declared = await see(page.locator('#webhooks-list li', { hasText: 'incident.declared' }));
  await expect(declared.textContent()).resolves.toMatch(/signature valid.*incident\.declared · INC-\d+.*HTTP 204/);
  await shot('15-integrations-paged');
});
