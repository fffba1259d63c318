import type { SlackEmulator } from '@firebreak/slack-emulator';
import { DECLARE_FIELDS as F } from '../src/features/incidents/incidents.ids';
import type { Firebreak } from '../src/main';

export interface DeclareSample {
  number: number;
  channelId: string;
  /** `/incident declare` sent → the modal is open. */
  openMs: number;
  /** Modal submitted → the modal's answer, which carries the channel's link, is back. */
  linkShownMs: number;
  /** Modal submitted → announcement stored in the announcement channel. */
  submitToAnnounceMs: number;
  /** Web API calls from the submission until the declaration's notice is delivered. */
  calls: number;
  /** `/incident declare` sent → announcement stored: what the declarer waits in all. */
  totalMs: number;
}

const POLL_MS = 2;
const TIMEOUT_MS = 10_000;

/** Slack message ts → epoch ms. The emulator stamps `ts` from its clock (Date.now) when it stores a message. */
const tsToMs = (ts: string) => Number(ts) * 1000;

async function poll<T>(what: string, fn: () => T | undefined): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`declare timing: ${what} did not happen within ${TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * One declaration as a person makes it, through the emulator: command, wait for
 * the modal, submit it, wait for the announcement of that INC number. The end
 * time is the announcement's own ts, so the polling interval does not count.
 */
export async function declareOnce(
  emulator: SlackEmulator,
  bot: Firebreak,
  o: { user: string; channel: string; title: string; severity: string; announcementChannel: string },
): Promise<DeclareSample> {
  const ws = emulator.workspace;
  const before = new Set(ws.openViews(o.user).map((v) => v.id));
  const started = Date.now();
  const cmd = await emulator.command({ user: o.user, channel: o.channel, text: `declare ${o.title}` });
  if (cmd.status !== 200) throw new Error(`declare command answered HTTP ${cmd.status}`);
  const view = await poll('the declare modal', () => ws.openViews(o.user).find((v) => !before.has(v.id)));
  const submitted = Date.now();
  const callsBefore = ws.calls.length;
  const res = await emulator.submitView({
    user: o.user,
    viewId: view.id,
    values: { [F.title.action]: o.title, [F.severity.action]: o.severity },
  });
  const linkShown = Date.now();
  // The form answers with the new channel's link (response_action 'update'); anything else is a refusal.
  if (
    res.status !== 200 ||
    !/"response_action":"update".* is declared\. Its channel is <#C/.test(JSON.stringify(res.body))
  )
    throw new Error(`declare submission was refused: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  // The submission is acked after the commit, so the row is there now; it names the INC number to wait for.
  const row = await bot.database.db
    .selectFrom('incidents')
    .select(['number', 'channel_id'])
    .where('declare_key', '=', view.id)
    .executeTakeFirstOrThrow();
  const marker = `*INC-${row.number}: `;
  const announcement = await poll(`the announcement of INC-${row.number}`, () =>
    ws.messagesIn(o.announcementChannel).find((m) => m.text.includes(marker)),
  );
  const announcedAt = tsToMs(announcement.ts);
  // Let the rest of the notice (the declarer's confirmation) finish, so declarations do not overlap.
  await bot.idle();
  return {
    number: row.number,
    channelId: row.channel_id!,
    openMs: submitted - started,
    linkShownMs: linkShown - submitted,
    submitToAnnounceMs: announcedAt - submitted,
    calls: ws.calls.length - callsBefore,
    totalMs: announcedAt - started,
  };
}

export async function timeDeclarations(
  emulator: SlackEmulator,
  bot: Firebreak,
  n: number,
  o: { user: string; channel: string; announcementChannel: string },
): Promise<DeclareSample[]> {
  const samples: DeclareSample[] = [];
  for (let i = 1; i <= n; i++) {
    samples.push(
      await declareOnce(emulator, bot, { ...o, title: `Bench incident ${i}`, severity: i % 2 ? 'SEV2' : 'SEV3' }),
    );
  }
  return samples;
}
