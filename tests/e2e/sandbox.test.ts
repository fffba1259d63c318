import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { type Running, runFromEnv } from '../../src/cli/run';
import { createLogger } from '../../src/log';
import type { Block } from '../../src/sandbox/emulator/types';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The sandbox page as a person uses it: a real Chromium (Debian's package,
// driven by playwright-core) on the page `npm start` serves without Slack
// credentials, with the real bot behind the emulator. Every assertion is on
// what the page shows.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../artifacts/sandbox');
const WAIT = 15_000;

jest.setTimeout(180_000);

let database: TestDatabase;
let running: Running;
let browser: BrowserContext;
let page: Page;
let userDataDir: string;
/** Uncaught errors and console.error of the page: a test fails if there are any. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The sandbox e2e tests need Chromium at ${CHROMIUM} (Debian's package): run \`apt-get install -y --no-install-recommends chromium\` (.ci/run does), or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  database = await createTestDatabase();
  running = await runFromEnv({ DATABASE_URL: database.url, PORT: '0' }, createLogger('silent'));
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
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
}, 120_000);

// The last screen of each test, pass or fail: what went wrong is usually visible there.
afterEach(async () => {
  const errors = pageErrors.splice(0);
  await page?.screenshot({ path: join(ARTIFACTS, `last-${expect.getState().currentTestName?.slice(0, 40).replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await database?.drop();
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

/** Hovers a message and uses one of its actions (📌, Pin, Add to incident timeline). */
async function messageAction(text: string, action: string | RegExp) {
  const m = await see(message(text));
  await m.hover();
  await m.getByRole('button', { name: action }).click();
}

/** The field of the open modal labelled `label`. */
const field = (label: string) => modal().getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(optional\\))?$`));

test('a person runs an incident from declaration to archive in the sandbox page', async () => {
  await page.goto(running.emulator!.url);
  await see(page.getByRole('heading', { name: '#incidents' }));
  await see(page.locator('#live', { hasText: 'live' }));
  await see(page.getByRole('combobox', { name: 'Signed in as' }));
  expect(await page.getByRole('combobox', { name: 'Signed in as' }).inputValue()).toBe('UALICE');

  // Declare through the modal.
  await send('/incident declare Checkout is failing');
  await see(modal().getByRole('heading', { name: /declare/i }));
  expect(await field('Title').inputValue()).toBe('Checkout is failing');
  await field('Title').fill('');
  await modal().getByRole('button', { name: /declare|submit/i }).click();
  await see(modal().getByText('Please complete this required field.'));
  await field('Title').fill('Checkout is failing');
  await field('Severity').selectOption('SEV2');
  await field('Summary').fill('Customers see HTTP 500 when paying. Started after <deploy> & a "config" change.');
  await field('Commander').selectOption('UALICE');
  await shot('01-declare-modal');
  await modal().getByRole('button', { name: /declare|submit/i }).click();
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });

  // The channel appears and the announcement is in #incidents.
  const channel = await see(sidebarItem(/inc-1-checkout-is-failing/));
  await see(message('Checkout is failing'));
  await shot('02-announcement');

  await channel.click();
  await see(page.getByRole('heading', { name: /inc-1-checkout-is-failing/ }));
  await see(page.locator('#channel-topic', { hasText: /Triage/i }));

  // Messages, a pin and a 📌 reaction.
  await send('Seeing HTTP 500 on /checkout since 09:12, *only* for card payments');
  await see(message('only for card payments'));
  await expect(page.locator('#messages strong', { hasText: 'only' }).count()).resolves.toBe(1);
  await send('Rolled back deploy 4711, <b>watching</b> the error rate');
  await see(message('Rolled back deploy 4711'));
  // Text is shown as text: no element was made from the message.
  await expect(page.locator('#messages b').count()).resolves.toBe(0);
  await messageAction('Rolled back deploy 4711', 'Pin');
  await see(message('Rolled back deploy 4711').locator('.pinned-label'));
  await messageAction('only for card payments', 'Add to incident timeline');
  await see(message('Added to the key timeline').filter({ hasText: 'Only visible to you' }));
  await messageAction('only for card payments', 'React with 📌');
  await see(message('only for card payments').getByRole('button', { name: /pushpin reaction, 1/ }));

  // Status change, after the severity was set in the modal.
  await send('/incident status investigating');
  await see(page.locator('#channel-topic', { hasText: /Investigating/ }));
  await see(message(/Investigating/));
  await shot('03-incident-channel');

  // Typed @names become mentions, as in Slack's client: Bob becomes the scribe (and gets a DM).
  await send('/incident role scribe @bob');
  await see(message(/scribe/).filter({ hasText: '@bob' }));

  // Time passes until Firebreak nudges for an update; its button opens the update modal.
  const nudge = message(/no update on/);
  for (let i = 0; i < 4 && (await nudge.count()) === 0; i++) {
    await page.getByRole('button', { name: 'Advance the clock by 30 minutes' }).click();
    await page.waitForTimeout(500);
  }
  await see(nudge);
  await see(page.locator('#clock-offset', { hasText: /ahead of real time/ }));
  await shot('04-update-nudge');
  await nudge.last().getByRole('button', { name: 'Post update' }).click();
  await see(modal());
  await field('What changed / what we know').fill('Rollback done; error rate back to normal, watching for 30 minutes.');
  await shot('05-update-modal');
  await modal().getByRole('button', { name: /post|submit/i }).click();
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });
  await see(message('Rollback done; error rate back to normal'));

  // Resolve, then the review from the resolve message's button.
  await send('/incident resolve Fixed by the rollback');
  const resolved = await see(message(/resolved/i).filter({ has: page.getByRole('button', { name: 'Write the review' }) }));
  await resolved.getByRole('button', { name: 'Write the review' }).click();
  await see(modal().getByRole('heading', { name: /Review INC-1/ }));
  await field('Summary').fill('A config change broke card payments for 40 minutes.');
  await field('Root cause').fill('The payment provider key was rotated without updating the config.');
  await field('Action items').fill('Alert on payment error rate @alice due 2026-13-45');
  await modal().getByRole('button', { name: 'Publish' }).click();
  // Firebreak refuses the date: the error shows under its field and the modal stays.
  await see(modal().locator('.field-error', { hasText: /not a date/ }));
  await shot('06-review-modal-error');
  await field('Action items').fill('Alert on payment error rate @alice due 2026-12-01');
  await modal().getByRole('button', { name: 'Publish' }).click();
  await page.locator('dialog#modal').waitFor({ state: 'hidden', timeout: WAIT });

  // The review document, opened from its link, reads as text.
  const doc = await see(page.locator('#messages a.file'));
  const [tab] = await Promise.all([page.context().waitForEvent('page'), doc.click()]);
  await tab.waitForLoadState();
  const text = (await tab.locator('body').textContent()) ?? '';
  expect(text).toContain('The payment provider key was rotated');
  expect(text).toContain('Alert on payment error rate');
  await tab.setViewportSize({ width: 1280, height: 800 });
  await tab.screenshot({ path: join(ARTIFACTS, '07-review-document.png') });
  await tab.close();

  // Close: the channel is archived, marked so, and read-only.
  await send('/incident close');
  await see(page.locator('#channel-name .archived-badge'));
  await see(page.locator('#archived').locator('.conv', { hasText: /inc-1-checkout-is-failing/ }).locator('.archived-badge'));
  await see(page.locator('#archived-banner', { hasText: 'archived channel' }));
  expect(await page.locator('#composer').isVisible()).toBe(false);
  await shot('08-archived');
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
  await send('/incident declare');
  await see(modal());
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
    { type: 'actions', elements: [{ type: 'button', action_id: 'noop2', style: 'danger', text: { type: 'plain_text', text: 'Danger' } }] },
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
  expect(text).toContain('Nov 14');
  expect(text).toContain('<img src=x onerror=alert(1)> &');
  expect(text).toContain('bad link');
  await expect(m.locator('a', { hasText: 'a link' }).getAttribute('href')).resolves.toBe('https://example.com/x?a=1&b=2');
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
  await send('/incident declare Search results are empty');
  await see(modal());
  await field('Severity').selectOption('SEV2');
  await field('Commander').selectOption('UDAVE');
  await modal().getByRole('button', { name: /declare|submit/i }).click();
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
