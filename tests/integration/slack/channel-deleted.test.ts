import { declare, type Harness, run, startHarness, TestClock } from '../../support/harness';

const clock = new TestClock();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(() => h?.stop());

/** Moves the clock `minutes` on and lets the scheduler do what is due. */
async function minutesLater(minutes: number) {
  clock.advance(minutes * 60_000);
  await h.bot.scheduler.tick();
  await h.bot.idle();
}
const postsTo = (channel: string) =>
  h.emulator.workspace.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

test('an incident whose channel was deleted says so in /incident list, and its channel reminders stop', async () => {
  const row = await declare(h, 'UALICE', { title: 'Lost channel', severity: 'SEV1', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  h.emulator.workspace.deleteChannel(row.channel_id);
  const since = postsTo(row.channel_id).length;
  const triesAfterDelete = () => postsTo(row.channel_id).slice(since);

  // The first due nudge finds no channel: Slack says channel_not_found, and the incident records it.
  await minutesLater(31);
  expect(triesAfterDelete().map((c) => c.error)).toEqual(['channel_not_found']);
  const stored = await h.db
    .selectFrom('incidents')
    .select('channel_gone_at')
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow();
  expect(stored.channel_gone_at).not.toBeNull();

  // Hours later: no nudge, commander reminder or digest tries the channel again.
  for (let i = 0; i < 4; i++) await minutesLater(60);
  expect(triesAfterDelete()).toHaveLength(1);
  expect(
    await h.db
      .selectFrom('reminders')
      .select('kind')
      .where('incident_id', '=', row.id)
      .where('active', '=', true)
      .execute(),
  ).toEqual([]);

  // The list names the channel and says it is gone, instead of a raw channel id.
  const list = await run(h, 'UBOB', 'CGENERAL', 'list');
  const shown = JSON.stringify(list.ack) + list.replies.join('\n');
  expect(shown).toContain(`INC-${row.number}`);
  expect(shown).toContain(`#${row.channel_name} (:warning: channel deleted)`);
  expect(shown).not.toContain(`<#${row.channel_id}>`);
  // Only this incident's entry: other tests of the file leave incidents with deleted channels open too.
  const entry = shown.split(/(?=\*INC-\d+\*)/).find((part) => part.startsWith(`*INC-${row.number}*`));
  expect(entry?.match(/channel deleted/g)).toHaveLength(1);
});

test.each([
  ['channel_deleted', false],
  ['group_deleted', true],
])("Slack's %s event records it at once: no reminder ever tries the channel", async (_event, isPrivate) => {
  const row = await declare(h, 'UALICE', {
    title: `Deleted by an admin ${isPrivate}`,
    severity: 'SEV1',
    commander: 'UALICE',
    private: isPrivate,
  });
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  const since = postsTo(row.channel_id).length;
  expect((await h.emulator.deleteChannel({ channel: row.channel_id, by: 'UDAVE' })).status).toBe(200);
  await h.bot.idle();
  const stored = await h.db
    .selectFrom('incidents')
    .select('channel_gone_at')
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow();
  expect(stored.channel_gone_at).not.toBeNull();

  for (let i = 0; i < 3; i++) await minutesLater(60);
  expect(postsTo(row.channel_id).slice(since)).toEqual([]);
  // Alice, its declarer: a private incident is listed only to its own people.
  const list = await run(h, 'UALICE', 'CGENERAL', 'list');
  expect(JSON.stringify(list.ack) + list.replies.join('\n')).toContain(
    `#${row.channel_name} (:warning: channel deleted)`,
  );
});
