import { join } from 'node:path';
import type { KeyInput, Page } from 'puppeteer-core';
import { type Driver, finder, first, hasFocus, poll, retrying } from './driver';

/** The journey's Driver over a puppeteer-core page (Firefox ESR, over WebDriver BiDi). */
export function puppeteerDriver(page: Page, artifacts: string): Driver {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const { see, gone, count, element } = finder(
    (e) => page.evaluate(e),
    async (e) => (await page.evaluateHandle(e)).asElement(),
  );
  return {
    browser: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    see,
    gone,
    count,
    value: (find) =>
      retrying(async () => {
        await element(find);
        return (await page.evaluate(`(${first(find)})?.value ?? ''`)) as string;
      }),
    click: (find) => retrying(async () => (await element(find)).click()),
    hover: (find) => retrying(async () => (await element(find)).hover()),
    focus: (find) => retrying(async () => (await element(find)).focus()),
    fill: async (find, value) => {
      await retrying(async () => {
        await (await element(find)).focus();
        await page.evaluate(`(${first(find)}).select()`);
      });
      if (value === '') await page.keyboard.press('Backspace');
      else await page.keyboard.type(value);
    },
    select: (find, value) => retrying(async () => void (await (await element(find)).select(value))),
    press: async (chord) => {
      // Playwright's 'Shift+Tab' chords, which puppeteer's press does not take.
      const keys = chord.split('+') as KeyInput[];
      const key = keys.pop() as KeyInput;
      for (const k of keys) await page.keyboard.down(k);
      await page.keyboard.press(key);
      for (const k of keys.reverse()) await page.keyboard.up(k);
    },
    type: (text) => page.keyboard.type(text),
    focused: (find) => page.evaluate(hasFocus(find)) as Promise<boolean>,
    pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    screenshot: async (name) =>
      void (await page.screenshot({ path: join(artifacts, `${name}.png`) as `${string}.png` })),
    openTab: async (find, shot) => {
      const link = await element(find);
      const opened = new Promise<Page>((resolve, reject) =>
        page
          .browser()
          .once('targetcreated', (t) =>
            t.page().then((p) => (p ? resolve(p) : reject(new Error('the new tab is no page'))), reject),
          ),
      );
      await link.click();
      const tab = await opened;
      await poll(
        'waiting for the new tab to load',
        () => tab.evaluate(`location.href !== 'about:blank' && document.readyState === 'complete'`) as Promise<boolean>,
      );
      await tab.setViewport({ width: 1280, height: 800 });
      const text = (await tab.evaluate('document.body.textContent')) as string;
      await tab.screenshot({ path: join(artifacts, `${shot}.png`) as `${string}.png` });
      await tab.close();
      return text;
    },
    takeErrors: () => errors.splice(0),
  };
}
