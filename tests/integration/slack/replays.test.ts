import { signedHeaders } from '@firebreak/slack-emulator/client';
import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import type { Firebreak } from '../../../src/main';
import { declare, type Harness, run, SIGNING_SECRET, startHarness, startReplica } from '../../support/harness';

let h: Harness;
let second: Firebreak;
beforeAll(async () => {
  h = await startHarness();
  second = await startReplica(h);
});
afterAll(async () => {
  await second?.stop();
  await h?.stop();
});

const ws = () => h.emulator.workspace;
const post = (url: string, body: string, type: string) =>
  fetch(url, { method: 'POST', body, headers: signedHeaders(SIGNING_SECRET, body, type) });
const idle = () => Promise.all([h.bot.idle(), second.idle()]);

describe('the same request delivered 4 times at once, to two replicas, has one effect', () => {
  /** Alice's `/incident <text>` in `channel`, sent four times with one trigger_id, to both replicas at once. */
  async function replayCommand(channel: string, text: string, trigger: string) {
    const body = new URLSearchParams({
      command: '/incident',
      text,
      user_id: 'UALICE',
      channel_id: channel,
      team_id: 'T0001',
      trigger_id: trigger,
      response_url: `${h.emulator.url}/response/none`,
    }).toString();
    const form = 'application/x-www-form-urlencoded';
    const answers = await Promise.all(
      [h.bot.eventsUrl, second.eventsUrl, h.bot.eventsUrl, second.eventsUrl].map((u) => post(u, body, form)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await idle();
  }

  test('a slash command', async () => {
    const row = await declare(h, 'UALICE', { title: 'Replayed command', severity: 'SEV3', commander: 'UALICE' });
    await replayCommand(row.channel_id, 'severity 1', 'replayed.trigger.1');
    const events = await h.db
      .selectFrom('incident_events')
      .select('kind')
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'severity')
      .execute();
    expect(events).toHaveLength(1);
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => m.text.includes('to *SEV1*')),
    ).toHaveLength(1);
    expect(
      ws()
        .messagesIn('CINCIDENTS')
        .filter((m) => m.text.includes(`INC-${row.number}`) && m.text.includes('is now *SEV1*')),
    ).toHaveLength(1);
  });

  test('a follow-up: one row, one post in the channel, one DM to its owner', async () => {
    const row = await declare(h, 'UALICE', { title: 'Replayed follow-up', severity: 'SEV3', commander: 'UALICE' });
    await replayCommand(row.channel_id, 'followup Rotate the replayed key <@UBOB>', 'replayed.trigger.2');
    expect(await h.db.selectFrom('followups').select('id').where('incident_id', '=', row.id).execute()).toHaveLength(1);
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => m.text.includes('Rotate the replayed key')),
    ).toHaveLength(1);
    expect(
      ws()
        .dmsTo('UBOB')
        .filter((m) => m.text.includes('Rotate the replayed key')),
    ).toHaveLength(1);
  });

  test('an event', async () => {
    const row = await declare(h, 'UALICE', { title: 'Replayed event', severity: 'SEV3', commander: 'UALICE' });
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0001',
      api_app_id: 'AEMULATOR',
      event_id: 'Ev-REPLAY-1',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: row.channel_id,
        user: 'UALICE',
        text: 'said once',
        ts,
        event_ts: ts,
        channel_type: 'channel',
      },
    });
    const answers = await Promise.all(
      [h.bot.eventsUrl, second.eventsUrl, h.bot.eventsUrl, second.eventsUrl].map((u) =>
        post(u, body, 'application/json'),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    // Answered once accepted; each replica stores its copies behind the answer.
    await idle();
    const rows = await h.db.selectFrom('timeline_entries').select('text').where('incident_id', '=', row.id).execute();
    expect(rows.map((r) => r.text)).toEqual(['said once']);
  });

  test('a view submission', async () => {
    const row = await declare(h, 'UALICE', { title: 'Replayed update', severity: 'SEV3', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'update');
    const view = ws()
      .openViews('UALICE')
      .find((v) => v.view.callback_id === 'firebreak_update')!;
    const submit = () =>
      h.emulator.submitView({ user: 'UALICE', viewId: view.id, values: { [U.text.action]: 'Only once please' } });
    const first = [submit(), submit()];
    h.emulator.botEndpoint = second.eventsUrl;
    const rest = [submit(), submit()];
    h.emulator.botEndpoint = h.bot.eventsUrl;
    const answers = await Promise.all([...first, ...rest]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await idle();
    const notes = await h.db
      .selectFrom('timeline_entries')
      .select('text')
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'note')
      .execute();
    expect(notes.map((n) => n.text)).toEqual(['Only once please']);
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => m.text.includes('Only once please')),
    ).toHaveLength(1);
  });
});
