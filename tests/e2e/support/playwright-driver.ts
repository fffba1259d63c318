import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type Driver, finder, hasFocus, retrying } from './driver';

/** How long one try of an action waits before it is retried on a fresh element. */
const SHORT = 2_000;

/** The journey's Driver over a playwright-core page (Chromium). */
export function playwrightDriver(page: Page, artifacts: string): Driver {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const { see, gone, count, element } = finder(
    (e) => page.evaluate(e),
    async (e) => (await page.evaluateHandle(e)).asElement(),
  );
  return {
    browser: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    see,
    gone,
    count,
    value: (find) => retrying(async () => (await element(find)).inputValue()),
    click: (find) => retrying(async () => (await element(find)).click({ timeout: SHORT })),
    hover: (find) => retrying(async () => (await element(find)).hover({ timeout: SHORT })),
    focus: (find) => retrying(async () => (await element(find)).focus()),
    fill: async (find, value) => {
      await retrying(async () => (await element(find)).selectText({ timeout: SHORT }));
      if (value === '') await page.keyboard.press('Backspace');
      else await page.keyboard.type(value);
    },
    select: (find, value) =>
      retrying(async () => void (await (await element(find)).selectOption(value, { timeout: SHORT }))),
    press: (key) => page.keyboard.press(key),
    type: (text) => page.keyboard.type(text),
    focused: (find) => page.evaluate<boolean>(hasFocus(find)),
    pause: (ms) => page.waitForTimeout(ms),
    screenshot: async (name) => void (await page.screenshot({ path: join(artifacts, `${name}.png`) })),
    openTab: async (find, shot) => {
      const link = await element(find);
      const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await tab.waitForLoadState();
      await tab.setViewportSize({ width: 1280, height: 800 });
      const text = await tab.evaluate<string>('document.body.textContent');
      await tab.screenshot({ path: join(artifacts, `${shot}.png`) });
      await tab.close();
      return text;
    },
    takeErrors: () => errors.splice(0),
  };
}
