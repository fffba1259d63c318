import type { Harness } from './harness';

export const MIN = 60_000;

/** The update nudges standing in a channel: each new one replaces the one before. */
export const nudgesIn = (h: Harness, channel: string) =>
  h.emulator.workspace.messagesIn(channel).filter((m) => m.text.startsWith(':bell:'));

/** Every update nudge ever posted there, replaced or not. */
export const nudgesPosted = (h: Harness, channel: string) =>
  h.emulator.workspace
    .callsTo('chat.postMessage')
    .filter((c) => c.ok && c.args.channel === channel && String(c.args.text).startsWith(':bell:')).length;

/** One scheduler tick of `bot` (by default the harness's), then everything it owed Slack delivered. */
export async function tick(h: Harness, bot = h.bot): Promise<number> {
  const n = await bot.scheduler.tick();
  await bot.idle();
  return n;
}
