import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What the sandbox journey needs from a browser, so one journey runs in
// Chromium (playwright-core) and Firefox ESR (puppeteer-core over WebDriver BiDi).

/** Text to look for: a string is a substring (of text) or the exact name; a RegExp is tested. */
export type Wanted = string | RegExp;
type Serialised = string | { re: string; flags: string };

/** Visible elements: `css` in `within`, filtered by text, accessible name and a descendant. */
export interface Find {
  css: string;
  text?: Wanted;
  name?: Wanted;
  has?: string;
  within?: Find;
  last?: boolean;
}

export interface Driver {
  readonly browser: 'chromium' | 'firefox';
  goto(url: string): Promise<void>;
  /** Waits until `find` matches a visible element. */
  see(find: Find, timeout?: number): Promise<void>;
  /** Waits until `find` matches nothing visible. */
  gone(find: Find, timeout?: number): Promise<void>;
  count(find: Find): Promise<number>;
  value(find: Find): Promise<string>;
  click(find: Find): Promise<void>;
  hover(find: Find): Promise<void>;
  focus(find: Find): Promise<void>;
  /** Replaces the control's text by typing, as a person would. */
  fill(find: Find, value: string): Promise<void>;
  select(find: Find, value: string): Promise<void>;
  /** Keys go to the focused element: `press('Tab')`, `type('hello')`. */
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  /** Whether the element `find` matches has the keyboard focus. */
  focused(find: Find): Promise<boolean>;
  pause(ms: number): Promise<void>;
  screenshot(name: string): Promise<void>;
  /** Clicks a link that opens a new tab; returns that tab's text, after a screenshot named `shot`. */
  openTab(find: Find, shot: string): Promise<string>;
  /** Uncaught errors and console.error of the page since the last call. */
  takeErrors(): string[];
}

export const WAIT = 15_000;

const serialise = (w: Wanted | undefined): Serialised | undefined =>
  w instanceof RegExp ? { re: w.source, flags: w.flags } : w;

function plain(find: Find): unknown {
  return { ...find, text: serialise(find.text), name: serialise(find.name), within: find.within && plain(find.within) };
}

const FIND_SOURCE = readFileSync(join(__dirname, 'find-in-page.js'), 'utf8')
  .replace(/^\s*\/\/.*$/gm, '')
  .trim()
  .replace(/;$/, '');

/** Names a Find in a failure: which element the journey waited for. */
export const describe = (find: Find) => JSON.stringify(plain(find));

/**
 * Asks `check` every 100 ms until it says yes; a timeout names what was awaited.
 * (Our own loop: playwright's waitForFunction evaluates strings with eval in the
 * page, which the sandbox's Content-Security-Policy forbids.)
 */
export async function poll(what: string, check: () => Promise<boolean>, timeout = WAIT): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs `action` again until it succeeds or time is up: the page redraws a message
 * when its data changes, so an element found a moment ago may be gone (a locator
 * in playwright would find it again; handles do not).
 */
export async function retrying<T>(action: () => Promise<T>, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await action();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A page expression giving the elements `find` matches. */
export const matching = (find: Find) => `(${FIND_SOURCE})(${JSON.stringify(plain(find))})`;
/** A page expression giving the first (or only) element `find` matches, or null. */
export const first = (find: Find) => `${matching(find)}[0] ?? null`;
/** A page expression: whether the element `find` matches has the keyboard focus. */
export const hasFocus = (find: Find) => `(${first(find)}) === document.activeElement`;

/**
 * Waiting and finding, on top of the one thing both libraries' pages do alike:
 * evaluating an expression (to a value, or to an element handle).
 */
export function finder<E>(
  evaluate: (expression: string) => Promise<unknown>,
  evaluateElement: (expression: string) => Promise<E | null>,
) {
  const until = (what: string, expression: string, timeout?: number) =>
    poll(what, async () => (await evaluate(expression)) === true, timeout);
  const see = (find: Find, timeout?: number) =>
    until(`waiting to see ${describe(find)}`, `${matching(find)}.length > 0`, timeout);
  return {
    see,
    gone: (find: Find, timeout?: number) =>
      until(`waiting for ${describe(find)} to go`, `${matching(find)}.length === 0`, timeout),
    count: async (find: Find) => (await evaluate(`${matching(find)}.length`)) as number,
    /** The first visible element `find` matches, once there is one. */
    element: async (find: Find) => {
      await see(find);
      const el = await evaluateElement(first(find));
      if (!el) throw new Error(`nothing visible matches ${describe(find)}`);
      return el;
    },
  };
}

// Finds the journey uses.
export const modal: Find = { css: 'dialog#modal[open]' };
export const button = (name: Wanted, within?: Find): Find => ({ css: 'button, [role=button]', name, within });
export const heading = (name: Wanted, within?: Find): Find => ({ css: 'h1, h2, h3, h4, h5, h6', name, within });
/** A form control by its label (without "(optional)"), in the modal unless said otherwise. */
export const field = (label: string, within: Find = modal): Find => ({
  css: 'input, textarea, select',
  name: label,
  within,
});
export const message = (text?: Wanted): Find => ({ css: '#messages .msg', text });
export const sidebarItem = (text: Wanted): Find => ({ css: '.sidebar .conv', text });
export const composer: Find = { css: 'textarea, input', name: 'Message', within: { css: '#composer' } };
export const userSwitcher: Find = { css: 'select', name: 'Signed in as' };
