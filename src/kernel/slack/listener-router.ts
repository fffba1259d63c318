import type { AnyMiddlewareArgs, App } from '@slack/bolt';

/** What a listener file registers on: the same calls as Bolt's App, so each file reads as plain Bolt. */
export type Listeners = Pick<App, 'action' | 'view' | 'event' | 'shortcut' | 'command' | 'function'>;

type Kind = keyof Listeners;
// biome-ignore lint/suspicious/noExplicitAny: Bolt's own listener arguments, passed through untouched.
type Handler = (args: any) => Promise<void> | void;

/**
 * Bolt hands every request to every registered listener, each running its own
 * matcher chain (App.processEvent maps over all of them), so the cost of a
 * message event grew with every button and modal Firebreak added: with 18
 * listeners it was the largest single cost of ingesting an event, and even one
 * listener per kind still ran five chains for each request. The router collects
 * the listeners by exact id and installs itself as Bolt's last global middleware:
 * it finds the handler with one map lookup and runs it in place, so Bolt's
 * listener pass never runs. A request none of ours matches goes on to Bolt.
 *
 * Kept (issue 15 asked for Bolt's own matching unless the router is worth more
 * than 1 ms at p99), measured December 2026 with Bolt 5.1 on Node 20, 2 cores:
 * - `node dist/bench/ingest-main.js` (16 events in flight), with and without the
 *   router in alternating runs: Firebreak's ack p99 was 1.2–1.7× bare Bolt's
 *   (22–85 ms) with it and 1.9–7.5× (85–660 ms) without it; 130–545 events/s
 *   without it against 410–1,690 with it. (A busy machine; the ratio to bare
 *   Bolt in the same run is the steadier figure.)
 * - One request through Bolt's 28 listener chains costs ~190 µs of CPU against
 *   ~19 µs for the lookup; with 16 events queued that alone is ~2.7 ms at p99.
 */
export class ListenerRouter {
  private readonly handlers: Record<Kind, Map<string, Handler>> = {
    action: new Map(),
    view: new Map(),
    event: new Map(),
    shortcut: new Map(),
    command: new Map(),
    function: new Map(),
  };

  readonly listeners: Listeners = {
    action: ((id: unknown, ...fns: Handler[]) => this.add('action', id, fns)) as Listeners['action'],
    view: ((id: unknown, ...fns: Handler[]) => this.add('view', id, fns)) as Listeners['view'],
    event: ((id: unknown, ...fns: Handler[]) => this.add('event', id, fns)) as Listeners['event'],
    shortcut: ((id: unknown, ...fns: Handler[]) => this.add('shortcut', id, fns)) as Listeners['shortcut'],
    command: ((id: unknown, ...fns: Handler[]) => this.add('command', id, fns)) as Listeners['command'],
    function: ((id: unknown, ...fns: Handler[]) => this.add('function', id, fns)) as Listeners['function'],
  };

  private add(kind: Kind, id: unknown, fns: Handler[]): void {
    // Exact ids only: a pattern or a middleware chain would need Bolt's matching back.
    if (typeof id !== 'string' || fns.length !== 1)
      throw new Error(`${kind} listeners are registered with one exact id and one function`);
    if (this.handlers[kind].has(id)) throw new Error(`two ${kind} listeners for '${id}'`);
    this.handlers[kind].set(id, fns[0]);
  }

  /**
   * The handler for a request, as Bolt's own listeners would have matched it:
   * block actions by action_id, view submissions (not view_closed) by
   * callback_id, global and message shortcuts by callback_id, Workflow Builder
   * steps (function_executed events) by their function's callback_id as
   * app.function() matches them, other events by type, commands by name. (The listener files, not this, are what
   * tests/unit/manifest.test.ts reads for ids.)
   */
  find(args: AnyMiddlewareArgs): Handler | undefined {
    const type = (args.body as { type?: string }).type;
    if ('command' in args && args.command) return this.handlers.command.get(args.command.command);
    if ('event' in args && args.event) {
      if (args.event.type === 'function_executed') return this.handlers.function.get(args.event.function.callback_id);
      return this.handlers.event.get(args.event.type);
    }
    if (type === 'block_actions' && 'action' in args && args.action && 'action_id' in args.action)
      return this.handlers.action.get(args.action.action_id);
    if (type === 'view_submission' && 'view' in args && args.view) return this.handlers.view.get(args.view.callback_id);
    if ((type === 'shortcut' || type === 'message_action') && 'shortcut' in args && args.shortcut)
      return this.handlers.shortcut.get(args.shortcut.callback_id);
    return undefined;
  }

  /** Call after every other global middleware: a handler runs in place of Bolt's listener pass. */
  install(bolt: App): void {
    bolt.use(async (args) => {
      const handler = this.find(args);
      if (handler) return handler(args);
      // Nothing of ours wants it (a button of an old message, view_closed, a link
      // button's click): answer at once rather than let Slack wait 3 s for a 404.
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      await args.next();
    });
  }
}
