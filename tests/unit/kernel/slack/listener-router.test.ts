import { ListenerRouter } from '../../../../src/kernel/slack/listener-router';

describe('ListenerRouter', () => {
  test('one listener per id and kind: a second one for the same id is refused', () => {
    const r = new ListenerRouter();
    r.listeners.action('fb_button', async () => undefined);
    // The same id under another kind is another listener.
    r.listeners.view('fb_button', async () => undefined);
    expect(() => r.listeners.action('fb_button', async () => undefined)).toThrow(
      "two action listeners for 'fb_button'",
    );
  });

  test('patterns and middleware chains are refused: the router matches exact ids only', () => {
    const r = new ListenerRouter();
    expect(() => r.listeners.action(/fb_.*/, async () => undefined)).toThrow('one exact id and one function');
    expect(() =>
      r.listeners.event(
        'message',
        async ({ next }) => next(),
        async () => undefined,
      ),
    ).toThrow('one exact id and one function');
  });
});

describe("ListenerRouter.find matches as Bolt's own listeners would", () => {
  const r = new ListenerRouter();
  const handler = (name: string) => Object.assign(async () => undefined, { displayName: name });
  const h = {
    command: handler('command'),
    event: handler('event'),
    action: handler('action'),
    view: handler('view'),
    shortcut: handler('shortcut'),
    function: handler('function'),
  };
  r.listeners.command('/incident', h.command);
  r.listeners.event('message', h.event);
  r.listeners.event('function_executed', h.event);
  r.listeners.action('fb_done', h.action);
  r.listeners.view('fb_form', h.view);
  r.listeners.shortcut('fb_add', h.shortcut);
  r.listeners.function('declare_incident', h.function);
  // biome-ignore lint/suspicious/noExplicitAny: hand-built Bolt arguments, only the fields the router reads.
  const find = (args: any) => r.find(args);

  test.each([
    ['a command by name', { body: {}, command: { command: '/incident' } }, h.command],
    ['another command', { body: {}, command: { command: '/other' } }, undefined],
    ['an event by type', { body: { type: 'event_callback' }, event: { type: 'message' } }, h.event],
    ['an event of another type', { body: { type: 'event_callback' }, event: { type: 'pin_added' } }, undefined],
    [
      'a block action by action_id',
      { body: { type: 'block_actions' }, action: { action_id: 'fb_done', type: 'button' } },
      h.action,
    ],
    [
      'a block action of another id',
      { body: { type: 'block_actions' }, action: { action_id: 'fb_other', type: 'button' } },
      undefined,
    ],
    [
      'a view submission by callback_id',
      { body: { type: 'view_submission' }, view: { callback_id: 'fb_form' } },
      h.view,
    ],
    [
      'a closed view is not a submission',
      { body: { type: 'view_closed' }, view: { callback_id: 'fb_form' } },
      undefined,
    ],
    ['a global shortcut', { body: { type: 'shortcut' }, shortcut: { callback_id: 'fb_add' } }, h.shortcut],
    ['a message shortcut', { body: { type: 'message_action' }, shortcut: { callback_id: 'fb_add' } }, h.shortcut],
    [
      "a workflow step by its function's callback_id (app.function's matching)",
      {
        body: { type: 'event_callback' },
        event: { type: 'function_executed', function: { callback_id: 'declare_incident' } },
      },
      h.function,
    ],
    [
      "another app's or an unknown function",
      {
        body: { type: 'event_callback' },
        event: { type: 'function_executed', function: { callback_id: 'open_incident' } },
      },
      undefined,
    ],
    [
      'an event listener named function_executed does not take steps',
      { body: { type: 'event_callback' }, event: { type: 'function_executed', function: { callback_id: 'x' } } },
      undefined,
    ],
    ['an options request', { body: { type: 'block_suggestion' }, options: { action_id: 'fb_done' } }, undefined],
  ])('%s', (_name, args, expected) => {
    expect(find(args)).toBe(expected);
  });
});
