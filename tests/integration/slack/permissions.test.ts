import { auditLines } from '../../../src/cli/audit';
import { declare, type Harness, run, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { admins: ['UDAVE'] } });
});
afterAll(() => h?.stop());

const status = async (id: number) =>
  await h.db.selectFrom('incidents').select(['status', 'commander_id']).where('id', '=', id).executeTakeFirstOrThrow();

test('only the commander or an admin may resolve, cancel, close or hand over command; others are told who can', async () => {
  const row = await declare(h, 'UALICE', { title: 'Guarded', severity: 'SEV4', commander: 'UALICE' });
  const ch = row.channel_id;
  await run(h, 'UALICE', ch, 'invite <@UBOB> <@UDAVE>');

  for (const text of ['cancel', 'role commander <@UBOB>']) {
    const { replies } = await run(h, 'UBOB', ch, text);
    expect(replies.join()).toContain('Only the commander <@UALICE> (or a Firebreak admin)');
  }
  expect(await status(row.id)).toEqual({ status: 'triage', commander_id: 'UALICE' });

  // Members may still run the incident: severity, status, notes, updates.
  await run(h, 'UBOB', ch, 'status investigating');
  await run(h, 'UBOB', ch, 'note Bob was here');
  expect((await status(row.id)).status).toBe('investigating');
  const refused = await run(h, 'UBOB', ch, 'resolve');
  expect(refused.replies.join()).toContain('can resolve this incident');
  expect((await status(row.id)).status).toBe('investigating');

  // An admin may, though not the commander.
  await run(h, 'UDAVE', ch, 'resolve Fixed by the admin');
  expect((await status(row.id)).status).toBe('resolved');
  const closeRefused = await run(h, 'UBOB', ch, 'close');
  expect(closeRefused.replies.join()).toContain('can close this incident');
  await run(h, 'UALICE', ch, 'close');
  expect((await status(row.id)).status).toBe('closed');
});

test('the audit log has every state change with actor, time, before and after', async () => {
  const row = await declare(h, 'UALICE', { title: 'Audited', severity: 'SEV3', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'severity 2');
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  const lines = (await auditLines(h.database.url, `INC-${row.number}`)).map((l) => JSON.parse(l));
  expect(lines.map((l) => [l.change, l.actor])).toEqual([
    ['declared', 'UALICE'],
    ['severity', 'UALICE'],
    ['status', 'UALICE'],
  ]);
  expect(lines[0].before).toBeNull();
  expect(lines[1].before).toMatchObject({ severity: 'SEV3', status: 'triage' });
  expect(lines[1].after).toMatchObject({ severity: 'SEV2', status: 'triage' });
  expect(lines[2].after).toMatchObject({ status: 'investigating', commander: 'UALICE' });
  expect(new Date(lines[2].at).getTime()).toBeGreaterThan(0);
  await expect(auditLines(h.database.url, 'INC-999999')).rejects.toThrow('INC-999999 does not exist');
});
