import { declare, type Harness, run, startHarness } from '../../support/harness';

// The admin user group is read from Slack (usergroups.users.list). A slow Slack
// must not hold the incident's row lock: the lookup happens before it is taken.

const HANG_MS = 2500;

let h: Harness;
// A bot per test: the first lookup of the group is what one test watches hang, and the bot keeps what it looked up.
beforeEach(async () => {
  h = await startHarness({ policy: { adminGroup: 'SADMINS' } });
  h.emulator.workspace.userGroups.set('SADMINS', ['UDAVE']);
});
afterEach(() => h?.stop());

const incident = (id: number) =>
  h.db.selectFrom('incidents').select(['status', 'severity']).where('id', '=', id).executeTakeFirstOrThrow();
const lookups = () => h.emulator.workspace.calls.filter((c) => c.method === 'usergroups.users.list');
/** Sent by the bot, not yet answered by the emulator (it is hanging). */
const inFlight = () => lookups().filter((c) => !c.ok && !c.error);

test('while the admin lookup hangs, the incident row is not locked and another change goes through at once', async () => {
  const row = await declare(h, 'UALICE', { title: 'Slow directory', severity: 'SEV3', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'invite <@UDAVE>');
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  h.emulator.failNext('usergroups.users.list', { hangMs: HANG_MS });

  // Dave is not the commander: resolving needs the admin group, which Slack answers slowly. His command is
  // acked once it is committed (or when Slack's 3 s are nearly up), so it is not awaited here.
  const resolve = h.emulator.command({
    user: 'UDAVE',
    channel: row.channel_id,
    text: 'resolve Fixed by an admin',
  });
  await h.emulator.waitFor(() => inFlight().length === 1);

  // Nobody holds the row: NOWAIT would fail at once with lock_not_available if the bot did.
  await h.db.transaction().execute(async (tx) => {
    await tx.selectFrom('incidents').select('id').where('id', '=', row.id).forUpdate().noWait().execute();
  });
  // Alice's change is committed while the lookup is still unanswered.
  await h.emulator.command({ user: 'UALICE', channel: row.channel_id, text: 'severity 1' });
  await h.emulator.waitFor(async () => (await incident(row.id)).severity === 'SEV1', HANG_MS - 500);
  expect(inFlight()).toHaveLength(1);

  // Then the lookup answers and Dave, an admin, resolves the incident.
  expect((await resolve).status).toBe(200);
  await h.bot.idle();
  expect(await incident(row.id)).toEqual({ status: 'resolved', severity: 'SEV1' });
  expect(lookups().map((c) => c.ok)).toEqual([true]);
});

test('the commander acts without any admin lookup; a non-admin is refused after one, and nothing changes', async () => {
  const row = await declare(h, 'UALICE', { title: 'Plain rights', severity: 'SEV3', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'invite <@UBOB>');
  const before = lookups().length;
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  expect(lookups()).toHaveLength(before);

  const refused = await run(h, 'UBOB', row.channel_id, 'resolve');
  expect(refused.replies.join()).toContain('can resolve this incident');
  expect((await incident(row.id)).status).toBe('investigating');
});
