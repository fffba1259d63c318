import { ListenerRouter } from '../../../src/slack/listener-router';

describe('ListenerRouter', () => {
  test('one listener per id and kind: a second one for the same id is refused', () => {
    const r = new ListenerRouter();
    r.listeners.action('fb_button', async () => undefined);
    // The same id under another kind is another listener.
    r.listeners.view('fb_button', async () => undefined);
    expect(() => r.listeners.action('fb_button', async () => undefined)).toThrow("two action listeners for 'fb_button'");
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
