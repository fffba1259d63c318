import type {
  AllMiddlewareArgs,
  App,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

/** What a listener file registers on: the same calls as Bolt's App, so each file reads as plain Bolt. */
export type Listeners = Pick<App, 'action' | 'view' | 'event' | 'shortcut' | 'command'>;

type Kind = keyof Listeners;
// biome-ignore lint/suspicious/noExplicitAny: Bolt's own listener arguments, passed through untouched.
type Handler = (args: any) => Promise<void> | void;

/**
 * Bolt hands every request to every registered listener, each running its own
 * matcher chain (App.processEvent maps over all of them), so the cost of a
 * message event grew with every button and modal Firebreak added: with 18
 * listeners it was the largest single cost of ingesting an event. The router
 * collects the listeners by exact id and installs one Bolt listener per kind,
 * which finds the handler with one map lookup.
 */
export class ListenerRouter {
  private readonly handlers: Record<Kind, Map<string, Handler>> = {
    action: new Map(),
    view: new Map(),
    event: new Map(),
    shortcut: new Map(),
    command: new Map(),
  };

  readonly listeners: Listeners = {
    action: ((id: unknown, ...fns: Handler[]) => this.add('action', id, fns)) as Listeners['action'],
    view: ((id: unknown, ...fns: Handler[]) => this.add('view', id, fns)) as Listeners['view'],
    event: ((id: unknown, ...fns: Handler[]) => this.add('event', id, fns)) as Listeners['event'],
    shortcut: ((id: unknown, ...fns: Handler[]) => this.add('shortcut', id, fns)) as Listeners['shortcut'],
    command: ((id: unknown, ...fns: Handler[]) => this.add('command', id, fns)) as Listeners['command'],
  };

  private add(kind: Kind, id: unknown, fns: Handler[]): void {
    // Exact ids only: a pattern or a middleware chain would need Bolt's matching back.
    if (typeof id !== 'string' || fns.length !== 1) throw new Error(`${kind} listeners are registered with one exact id and one function`);
    if (this.handlers[kind].has(id)) throw new Error(`two ${kind} listeners for '${id}'`);
    this.handlers[kind].set(id, fns[0]);
  }

  /**
   * One Bolt listener per kind that has any; each only sees requests whose id is one of ours.
   * (The listener files, not this, are what tests/unit/manifest.test.ts reads for ids.)
   */
  install(bolt: App): void {
    const { action, view, event, shortcut, command } = this.handlers;
    const route =
      <A>(map: Map<string, Handler>, id: (args: A & AllMiddlewareArgs) => string) =>
      async (args: A & AllMiddlewareArgs) => {
        await map.get(id(args))?.(args);
      };
    if (action.size) bolt.action({ action_id: exactly(action) }, route<SlackActionMiddlewareArgs>(action, (a) => ('action_id' in a.action ? a.action.action_id : '')));
    if (view.size) bolt.view({ callback_id: exactly(view), type: 'view_submission' }, route<SlackViewMiddlewareArgs>(view, (a) => a.view.callback_id));
    if (event.size) bolt.event(exactly(event), route<SlackEventMiddlewareArgs>(event, (a) => a.event.type));
    if (shortcut.size) bolt.shortcut({ callback_id: exactly(shortcut) }, route<SlackShortcutMiddlewareArgs>(shortcut, (a) => a.shortcut.callback_id));
    if (command.size) bolt.command(exactly(command), route<SlackCommandMiddlewareArgs>(command, (a) => a.command.command));
  }
}

function exactly(map: Map<string, unknown>): RegExp {
  return new RegExp(`^(?:${[...map.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
}
