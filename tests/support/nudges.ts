import { sql } from 'kysely';
import { declare, type Harness, run } from './harness';

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

/** The outbox row of a reminder's latest firing of `kind` for the incident. */
export const reminderNotice = (h: Harness, incidentId: number, kind: string) =>
  h.db
    .selectFrom('outbox')
    .selectAll()
    .where('lane', '=', `incident:${incidentId}`)
    .where(sql<string>`notice->>'type'`, '=', 'reminder_fired')
    .where(sql<string>`notice->'reminder'->>'kind'`, '=', kind)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();

/** A reminder's row, by incident and kind (incident-level reminders). */
export const reminderRow = (h: Harness, incidentId: number, kind: string) =>
  h.db
    .selectFrom('reminders')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();

/** A SEV1 commanded by UALICE, under investigation: update nudges every 30 minutes, digests every hour. */
export async function investigatingSev1(h: Harness, title: string, extra: Parameters<typeof declare>[2] = {}) {
  const row = await declare(h, 'UALICE', { title, severity: 'SEV1', commander: 'UALICE', ...extra });
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  return row;
}
