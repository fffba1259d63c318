// A click that changes something is acknowledged only once the change is committed: the moment Slack has
// the HTTP answer, the database already holds the change (what the bot then tells the person comes after).

import { sql } from 'kysely';
import { FOLLOWUP_DM_DONE_BUTTON } from '../../../src/features/followups/followups.ids';
import { HOME_FOLLOWUP_DONE_BUTTON } from '../../../src/features/home/home.ids';
import { TIMELINE_SHORTCUT } from '../../../src/features/timeline/timeline.ids';
import { declare, type Harness, run, startHarness } from '../../support/harness';

let h: Harness;
let incident: Awaited<ReturnType<typeof declare>>;
beforeAll(async () => {
  h = await startHarness();
  incident = await declare(h, 'UALICE', { title: 'Clicks land first', severity: 'SEV2', commander: 'UALICE' });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;

async function addFollowup(text: string, owner: string) {
  await run(h, 'UALICE', incident.channel_id, `followup ${text} <@${owner}>`);
  await h.bot.idle();
  return h.db.selectFrom('followups').select(['id']).where('text', '=', text).executeTakeFirstOrThrow();
}

const statusOf = async (id: number) =>
  await h.db.selectFrom('followups').select(['status', 'done_by']).where('id', '=', id).executeTakeFirstOrThrow();

test('Done on the Home tab: committed when Slack hears the click was received', async () => {
  const { id } = await addFollowup('Rotate the certificates', 'UALICE');
  await h.emulator.openAppHome('UALICE');
  await h.bot.idle();
  const res = await h.emulator.clickHomeButton({
    user: 'UALICE',
    actionId: HOME_FOLLOWUP_DONE_BUTTON,
    value: String(id),
  });
  expect(res.status).toBe(200);
  expect(await statusOf(id)).toEqual({ status: 'done', done_by: 'UALICE' });
  await h.bot.idle();
  expect(JSON.stringify(ws().homeViews.get('UALICE')?.view.blocks)).not.toContain('Rotate the certificates');
});

test('Done in the owner’s DM: committed when Slack hears the click was received', async () => {
  const { id } = await addFollowup('Add a canary check', 'UBOB');
  const dm = ws()
    .dmsTo('UBOB')
    .filter((m) => m.text.includes('Add a canary check'))
    .at(-1)!;
  const res = await h.emulator.clickButton({
    user: 'UBOB',
    channel: dm.channel,
    messageTs: dm.ts,
    actionId: FOLLOWUP_DM_DONE_BUTTON,
    value: String(id),
  });
  expect(res.status).toBe(200);
  expect(await statusOf(id)).toEqual({ status: 'done', done_by: 'UBOB' });
});

test('Add to incident timeline: the entry is key when Slack hears the shortcut was received', async () => {
  await h.emulator.postUserMessage({ user: 'UALICE', channel: incident.channel_id, text: 'Rolled back the deploy' });
  await h.bot.idle();
  const message = ws()
    .messagesIn(incident.channel_id)
    .filter((m) => m.text === 'Rolled back the deploy')
    .at(-1)!;
  const res = await h.emulator.messageShortcut({
    user: 'UALICE',
    channel: incident.channel_id,
    ts: message.ts,
    callbackId: TIMELINE_SHORTCUT,
  });
  expect(res.status).toBe(200);
  const { rows } = await sql<{ key: boolean }>`
    select key from timeline_entries where incident_id = ${incident.id} and text = 'Rolled back the deploy'`.execute(
    h.db,
  );
  expect(rows).toEqual([{ key: true }]);
});
