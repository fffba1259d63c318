import { HOME_FOLLOWUP_DONE_BUTTON } from '../../../src/features/home/home.ids';
import { declare, type Harness, run, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const homeText = (user: string) => JSON.stringify(ws().homeViews.get(user)?.view.blocks ?? null);

async function openHome(user: string) {
  const before = ws().homeViews.get(user)?.publishedAt ?? -1;
  const res = await h.emulator.openAppHome(user);
  expect(res.status).toBe(200);
  await h.bot.idle();
  expect(ws().homeViews.get(user)?.publishedAt ?? -1).toBeGreaterThan(before);
  return homeText(user);
}

describe('the App Home tab', () => {
  let publicIncident: Awaited<ReturnType<typeof declare>>;
  let privateIncident: Awaited<ReturnType<typeof declare>>;

  beforeAll(async () => {
    publicIncident = await declare(h, 'UALICE', { title: 'Checkout latency', severity: 'SEV2', commander: 'UALICE' });
    privateIncident = await declare(h, 'UBOB', {
      title: 'Payroll export leaked',
      severity: 'SEV1',
      private: true,
      commander: 'UBOB',
    });
    await run(h, 'UALICE', publicIncident.channel_id, 'role scribe <@UCAROL>');
    await run(h, 'UALICE', publicIncident.channel_id, 'followup Add a latency alert <@UALICE> due 2020-01-02');
    await run(h, 'UALICE', publicIncident.channel_id, 'followup Write the runbook <@UALICE>');
    await run(h, 'UBOB', privateIncident.channel_id, 'followup Rotate the export key <@UBOB> due 2099-05-01');
  });

  test('shows the open incidents with status and next update due, my roles and my follow-ups', async () => {
    const home = await openHome('UALICE');
    expect(home).toContain(`INC-${publicIncident.number}`);
    expect(home).toContain('Checkout latency');
    // A SEV2 expects an update every hour from its declaration (the default policy).
    const due = Math.floor((publicIncident.declared_at.getTime() + 3_600_000) / 1000);
    expect(home).toContain(`SEV2 · Triage · next update due <!date^${due}^`);
    expect(home).toContain(`commander of *INC-${publicIncident.number}*`);
    expect(home).toContain('Add a latency alert');
    expect(home).toContain('due <!date^1577966400^{date_short_pretty}|2020-01-02> *(overdue)*');
    expect(home).toContain('Write the runbook');
    // The soonest due comes first.
    expect(home.indexOf('Add a latency alert')).toBeLessThan(home.indexOf('Write the runbook'));
  });

  test('a private incident and its follow-ups appear only for the people in it', async () => {
    const alice = await openHome('UALICE');
    expect(alice).not.toContain('Payroll export leaked');
    expect(alice).not.toContain(`INC-${privateIncident.number}`);
    expect(alice).not.toContain('Rotate the export key');
    const bob = await openHome('UBOB');
    expect(bob).toContain('Payroll export leaked');
    expect(bob).toContain('Rotate the export key');
    expect(bob).toContain(`commander of *INC-${privateIncident.number}*`);
  });

  test("the last 30 days' figures are the viewer's own: a private incident counts only for its people", async () => {
    const alice = await openHome('UALICE');
    expect(alice).toContain('Incident stats (last 30 days)*: 1 incident');
    // The process-adherence figures come along, each part in a section of its own.
    expect(alice).toMatch(/"text":"Update cadence: [^"]*\\nReviews: [^"]*\\nFeedback: /);
    const bob = await openHome('UBOB');
    expect(bob).toContain('Incident stats (last 30 days)*: 2 incidents');
  });

  test('the scribe sees the role; someone with nothing owed is told so', async () => {
    const carol = await openHome('UCAROL');
    expect(carol).toContain(`scribe of *INC-${publicIncident.number}*`);
    expect(carol).toContain('Nothing owed.');
    expect(carol).not.toContain('Payroll export leaked');
  });

  test('Done on a follow-up marks it done and redraws the tab without it', async () => {
    // A follow-up of its own: the other tests read the ones set up above, in whatever order they run.
    await run(h, 'UALICE', publicIncident.channel_id, 'followup Renew the certificate <@UALICE> due 2020-01-01');
    await openHome('UALICE');
    const row = await h.db
      .selectFrom('followups')
      .select(['id'])
      .where('text', '=', 'Renew the certificate')
      .executeTakeFirstOrThrow();
    const res = await h.emulator.clickHomeButton({
      user: 'UALICE',
      actionId: HOME_FOLLOWUP_DONE_BUTTON,
      value: String(row.id),
    });
    expect(res.status).toBe(200);
    await h.bot.idle();
    const after = await h.db
      .selectFrom('followups')
      .select(['status', 'done_by'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'done', done_by: 'UALICE' });
    expect(homeText('UALICE')).not.toContain('Renew the certificate');
    expect(homeText('UALICE')).toContain('Write the runbook');
  });

  test('a status change shows on the next opening', async () => {
    // On the private incident: the public one's Triage is what the first test reads.
    await run(h, 'UBOB', privateIncident.channel_id, 'status investigating');
    const home = await openHome('UBOB');
    expect(home).toContain('SEV1 · Investigating · next update due <!date^');
  });

  test('the Messages tab opening does not publish a Home view', async () => {
    const before = ws().callsTo('views.publish').length;
    await h.emulator.sendEvent({
      type: 'app_home_opened',
      user: 'UDAVE',
      channel: ws().imFor('UDAVE').id,
      tab: 'messages',
      event_ts: ws().nextTs(),
    });
    await h.bot.idle();
    expect(ws().callsTo('views.publish')).toHaveLength(before);
  });
});
