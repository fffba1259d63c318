import type { SlackEmulator } from '@firebreak/slack-emulator';
import { DECLARE_FIELDS as F } from '../../src/features/incidents/incidents.ids';
import type { Database } from '../../src/kernel/db/connect';
import { waitFor } from './part';

export const ANNOUNCEMENTS = 'CINCIDENTS';

/** Slack message ts → epoch ms (the emulator stamps ts from its clock, here Date.now). */
export const tsToMs = (ts: string) => Number(ts) * 1000;

export interface Declaration {
  user: string;
  viewId: string;
  /** Date.now() when the modal was submitted. */
  submittedAt: number;
  /** Date.now() when the view_submission answer arrived. */
  answeredAt: number;
  /** The answer as JSON text: it may carry the channel link (response_action update). */
  answer: string;
}

/**
 * A person declares through the Slack client: `/incident declare`, the modal opens,
 * they submit it. Resolves once the submission is answered; what follows (the channel,
 * the announcement) is read from the emulator afterwards.
 */
export async function declare(
  emulator: SlackEmulator,
  o: { user: string; channel: string; title: string; severity: string; onCommandAck?: (ms: number) => void },
): Promise<Declaration> {
  const ws = emulator.workspace;
  const before = new Set(ws.openViews(o.user).map((v) => v.id));
  const t0 = performance.now();
  const cmd = await emulator.command({ user: o.user, channel: o.channel, text: `declare ${o.title}` });
  if (cmd.status !== 200) throw new Error(`declare command answered HTTP ${cmd.status}`);
  o.onCommandAck?.(performance.now() - t0);
  // The title the command carried tells this modal from another the same person is filling in at once.
  const view = await waitFor('the declare modal', () =>
    ws.openViews(o.user).find((v) => !before.has(v.id) && JSON.stringify(v.view.blocks).includes(o.title)),
  );
  const submittedAt = Date.now();
  const res = await emulator.submitView({
    user: o.user,
    viewId: view.id,
    values: { [F.title.action]: o.title, [F.severity.action]: o.severity },
  });
  const answeredAt = Date.now();
  if (res.status !== 200) throw new Error(`declare submission answered HTTP ${res.status}`);
  const answer = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  if (answer.includes('"errors"')) throw new Error(`declare submission was refused: ${answer}`);
  return { user: o.user, viewId: view.id, submittedAt, answeredAt, answer };
}

/** The incident a submission declared (its row is committed before the answer). */
export async function declaredIncident(
  db: Database,
  viewId: string,
): Promise<{ number: number; channelId: string | null; declaredAt: Date }> {
  const row = await db.db
    .selectFrom('incidents')
    .select(['number', 'channel_id', 'declared_at'])
    .where('declare_key', '=', viewId)
    .executeTakeFirstOrThrow();
  return { number: row.number, channelId: row.channel_id, declaredAt: row.declared_at };
}

/**
 * When the declarer first saw something containing `needle` (a channel id, a phrase):
 * the submission's answer, an ephemeral or response_url message, or a DM. Epoch ms,
 * or undefined if nothing they saw has it yet.
 */
export function firstSeen(
  emulator: SlackEmulator,
  d: Declaration,
  needle: (text: string) => boolean,
): number | undefined {
  const ws = emulator.workspace;
  const times: number[] = [];
  if (needle(d.answer)) times.push(d.answeredAt);
  for (const e of ws.ephemeralsFor(d.user))
    if (tsToMs(e.ts) >= d.submittedAt - 1 && needle(e.text + JSON.stringify(e.blocks ?? []))) times.push(tsToMs(e.ts));
  for (const m of ws.dmsTo(d.user))
    if (tsToMs(m.ts) >= d.submittedAt - 1 && needle(m.text + JSON.stringify(m.blocks ?? []))) times.push(tsToMs(m.ts));
  return times.length ? Math.min(...times) : undefined;
}

/** When INC-`number`'s announcement was posted in #incidents (epoch ms), if it was. */
export function announcedAt(emulator: SlackEmulator, number: number): number | undefined {
  const marker = `INC-${number}:`;
  const m = emulator.workspace
    .messagesIn(ANNOUNCEMENTS)
    .find((x) => (!x.threadTs || x.threadTs === x.ts) && x.text.includes(marker));
  return m ? tsToMs(m.ts) : undefined;
}
