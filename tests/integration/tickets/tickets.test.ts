import { FakeJira } from '@firebreak/service-fakes';
import { declare, declareAndResolve, type Harness, run, startHarness } from '../../support/harness';
import { openReview } from '../../support/review-form';
import {
  doneFromHome,
  followupRow,
  incidentLabelOf,
  JIRA_HOOK_SECRET,
  type JiraFake,
  markerOf,
  startJira,
} from '../../support/tickets';

jest.setTimeout(30_000);

let h: Harness;
let fake: JiraFake;
beforeAll(async () => {
  fake = await startJira();
  h = await startHarness(fake.options);
  fake.hookInto(h);
});
afterAll(async () => {
  await h?.stop();
  await fake?.stop();
});

const ws = () => h.emulator.workspace;
const jira = () => fake.jira;
const hookUrl = () => `http://127.0.0.1:${h.bot.port}/hooks/tickets/jira`;

const followupOf = (incidentId: number, text: string) => followupRow(h, incidentId, text);
const ticketRow = (followupId: number) =>
  h.db.selectFrom('followup_tickets').selectAll().where('followup_id', '=', followupId).executeTakeFirst();
const trackedPosts = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.text.includes('is tracked in Jira'));
const linkOf = (key: string) => `<${jira().url}/browse/${key}|${key}>`;

/** Adds a follow-up by command and waits until the tracker's side is done too. */
async function addFollowup(channel: string, incidentId: number, text: string, extra = '') {
  await run(h, 'UALICE', channel, `followup ${text} ${extra}`.trim());
  await jira().settled();
  await h.bot.idle();
  return followupOf(incidentId, text);
}

async function openHome(user: string) {
  await h.emulator.openAppHome(user);
  await h.bot.idle();
  return JSON.stringify(ws().homeViews.get(user)?.view.blocks ?? null);
}

describe('a follow-up becomes one Jira ticket, shown wherever the follow-up is', () => {
  test('created once with summary, ADF description, owner, due date and labels; its key is in the channel, the list, App Home and the nudge', async () => {
    const row = await declare(h, 'UALICE', { title: 'Checkout latency', severity: 'SEV2', commander: 'UALICE' });
    const f = await addFollowup(row.channel_id, row.id, 'Add a retry budget', '<@UALICE> due 2020-01-02');

    expect(jira().withLabel(markerOf(f.id))).toHaveLength(1);
    const issue = jira().withLabel(markerOf(f.id))[0];
    expect(issue).toMatchObject({
      project: 'OPS',
      issueType: 'Task',
      summary: 'Add a retry budget',
      duedate: '2020-01-02',
      assignee: '5b10a2844c20165700ede21g',
      statusId: '10000',
    });
    expect(issue.labels).toEqual(['firebreak', incidentLabelOf(row.number), 'from-incident', markerOf(f.id)]);
    const description = JSON.stringify(issue.description);
    expect(description).toContain(`A follow-up of INC-${row.number}: Checkout latency`);
    // The channel's link is a link mark in the ADF document.
    expect(description).toContain(
      `"marks":[{"type":"link","attrs":{"href":"https://slack.com/app_redirect?team=T0001&channel=${row.channel_id}"}}]`,
    );
    expect(description).toContain('Asked for by Alice Archer; owner Alice Archer.');
    // The owner was found by the email Slack has for her.
    expect(
      jira()
        .requestsTo('userSearch')
        .map((r) => r.query.get('query')),
    ).toContain('alice@example.com');

    expect(await ticketRow(f.id)).toMatchObject({ state: 'open', ticket_key: issue.key, ticket_id: issue.id });
    expect(trackedPosts(row.channel_id).map((m) => m.text)).toEqual([
      `:ticket: Follow-up Add a retry budget is tracked in Jira as ${linkOf(issue.key)}.`,
    ]);

    const list = await run(h, 'UALICE', row.channel_id, 'followups');
    expect(list.replies.join()).toContain(linkOf(issue.key));
    expect(await openHome('UALICE')).toContain(linkOf(issue.key));

    // Overdue since 2020: the nudge links the ticket. (The scheduler also ticks by itself: whichever tick claims
    // the reminder, the DM comes.)
    await h.bot.scheduler.tick();
    const nudge = await h.emulator.waitFor(() =>
      ws()
        .dmsTo('UALICE')
        .find((m) => m.text.includes('Add a retry budget') && m.text.includes('was due')),
    );
    expect(nudge.text).toContain(linkOf(issue.key));
  });

  test("a review's action items become tickets, and the stored review document links them", async () => {
    const row = await declareAndResolve(h, 'UALICE', { title: 'Payments down', summary: 'Card payments failed' });
    const view = await openReview(h, 'UALICE', row.channel_id);
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: {
        summary: 'Card payments failed',
        customerImpact: 'Some',
        rootCause: 'A bad certificate',
        actionItems: 'Automate certificate renewal <@UALICE>\nAlert before certificates expire',
      },
    });
    await h.bot.idle();
    await jira().settled();
    await h.bot.idle();
    const renewal = await followupOf(row.id, 'Automate certificate renewal');
    const alert = await followupOf(row.id, 'Alert before certificates expire');
    const [a] = jira().withLabel(markerOf(renewal.id));
    const [b] = jira().withLabel(markerOf(alert.id));
    expect([a?.summary, b?.summary]).toEqual(['Automate certificate renewal', 'Alert before certificates expire']);
    const review = await h.db
      .selectFrom('reviews')
      .select('document')
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(review.document).toContain('| Item | Owner | Due | Ticket |');
    expect(review.document).toContain(`[${a.key}](${jira().url}/browse/${a.key})`);
    expect(review.document).toContain(`[${b.key}](${jira().url}/browse/${b.key})`);
  });

  test('a private incident makes no ticket, and the follow-up says so', async () => {
    const row = await declare(h, 'UBOB', { title: 'Payroll leak', severity: 'SEV1', private: true, commander: 'UBOB' });
    const before = jira().requestsTo('create').length;
    await run(h, 'UBOB', row.channel_id, 'followup Rotate the export key <@UBOB>');
    await h.bot.idle();
    const f = await followupOf(row.id, 'Rotate the export key');
    expect(jira().requestsTo('create')).toHaveLength(before);
    expect(jira().issues.some((i) => i.summary.includes('export key') || JSON.stringify(i).includes('Payroll'))).toBe(
      false,
    );
    expect(await ticketRow(f.id)).toBeUndefined();
    const added = ws()
      .messagesIn(row.channel_id)
      .find((m) => m.text.includes('Rotate the export key'));
    expect(added?.text).toContain('No Jira ticket is made for it: this incident is private');
  });
});

describe('two-way: done in the tracker, done in Slack', () => {
  test('closing the ticket in Jira marks the follow-up done through its webhook: timeline and channel note once', async () => {
    const row = await declare(h, 'UALICE', { title: 'Search slow', severity: 'SEV3', commander: 'UALICE' });
    const f = await addFollowup(row.channel_id, row.id, 'Add a search index');
    const { key } = jira().withLabel(markerOf(f.id))[0];

    const delivery = await jira().closeInTracker(key, { by: 'Mia Krystof' });
    expect(delivery?.status).toBe(200);
    expect((await followupOf(row.id, 'Add a search index')).status).toBe('done');
    await h.bot.idle();
    // Jira retries a delivery it thinks failed: the same webhook again changes nothing.
    const again = await fetch(hookUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': FakeJira.sign(JIRA_HOOK_SECRET, JSON.stringify(delivery?.body)),
      },
      body: JSON.stringify(delivery?.body),
    });
    expect(again.status).toBe(200);
    await h.bot.idle();

    const notes = ws()
      .messagesIn(row.channel_id)
      .filter((m) => m.text.includes('Follow-up done: Add a search index'));
    expect(notes.map((m) => m.text)).toEqual([
      `:white_check_mark: Follow-up done: Add a search index. ${linkOf(key)} was closed in Jira by Mia Krystof.`,
    ]);
    const events = await h.db
      .selectFrom('incident_events')
      .select(['kind', 'data'])
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'followup_closed')
      .execute();
    expect(events).toHaveLength(1);
    expect(await ticketRow(f.id)).toMatchObject({ state: 'done' });
    // Done by the tracker: Firebreak does not try to close it again.
    expect(
      jira()
        .requestsTo('transition')
        .filter((r) => r.path.includes(`/${f.id}/`)),
    ).toHaveLength(0);
    expect(jira().statusOf(key)).toBe('Done');
  });

  test('a lost webhook: the reconcile pass finds the closed ticket and catches up', async () => {
    const row = await declare(h, 'UALICE', { title: 'Queue backlog', severity: 'SEV3', commander: 'UALICE' });
    const f = await addFollowup(row.channel_id, row.id, 'Alert on queue depth');
    const { key } = jira().withLabel(markerOf(f.id))[0];
    expect(await jira().closeInTracker(key, { webhook: false })).toBeNull();
    expect((await followupOf(row.id, 'Alert on queue depth')).status).toBe('open');

    // The next pass due (every 15 minutes) reads the open tickets back.
    await h.bot.scheduler.tick(new Date(Date.now() + 16 * 60_000));
    await h.bot.idle();
    expect((await followupOf(row.id, 'Alert on queue depth')).status).toBe('done');
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => m.text.includes(`Follow-up done: Alert on queue depth. ${linkOf(key)} was closed in Jira.`)),
    ).toHaveLength(1);
    // A pass within the next 15 minutes does not read Jira again.
    const reads = jira().requestsTo('get').length;
    await h.bot.scheduler.tick(new Date(Date.now() + 20 * 60_000));
    expect(jira().requestsTo('get')).toHaveLength(reads);
  });

  test('Done in Slack transitions the ticket to a done status; its webhook back changes nothing', async () => {
    const row = await declare(h, 'UALICE', { title: 'Disk full', severity: 'SEV3', commander: 'UALICE' });
    const f = await addFollowup(row.channel_id, row.id, 'Rotate the logs', '<@UALICE>');
    const { key, id } = jira().withLabel(markerOf(f.id))[0];
    expect(await openHome('UALICE')).toContain(linkOf(key));
    await doneFromHome(h, 'UALICE', f.id);
    await jira().settled();
    await h.bot.idle();
    expect(jira().statusOf(key)).toBe('Done');
    expect(
      jira()
        .requestsTo('transition')
        .filter((r) => r.path.includes(`/${id}/`)),
    ).toHaveLength(1);
    expect(jira().issue(key)?.comments).toEqual([]);
    expect(await ticketRow(f.id)).toMatchObject({ state: 'done' });
    expect((await followupOf(row.id, 'Rotate the logs')).done_by).toBe('UALICE');
    // Jira's webhook for Firebreak's own transition was answered and told the channel nothing.
    expect(
      jira()
        .webhooks.filter((w) => w.issueKey === key)
        .map((w) => w.status),
    ).toEqual([200]);
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => m.text.includes('was closed in Jira')),
    ).toEqual([]);
  });
});

describe('the inbound webhook', () => {
  const post = (body: string, headers: Record<string, string>, path = hookUrl()) =>
    fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  test('a bad or missing signature is 401 and changes nothing', async () => {
    const row = await declare(h, 'UALICE', { title: 'Cache misses', severity: 'SEV3', commander: 'UALICE' });
    const f = await addFollowup(row.channel_id, row.id, 'Warm the cache');
    const issue = jira().withLabel(markerOf(f.id))[0];
    const body = JSON.stringify(jira().webhookBody({ ...issue, statusId: '10001' }, '10000', 'Mallory'));
    expect((await post(body, { 'x-hub-signature': FakeJira.sign('wrong-secret', body) })).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-hub-signature': 'sha256=zz' })).status).toBe(401);
    expect((await followupOf(row.id, 'Warm the cache')).status).toBe('open');
  });

  test('malformed is 400, an unknown kind 404, an unknown ticket and other events a 2xx no-op', async () => {
    const signed = (body: string) => ({ 'x-hub-signature': FakeJira.sign(JIRA_HOOK_SECRET, body) });
    expect((await post('{not json', signed('{not json'))).status).toBe(400);
    expect((await post('[1,2]', signed('[1,2]'))).status).toBe(400);
    const other = `http://127.0.0.1:${h.bot.port}/hooks/tickets/trello`;
    expect((await post('{}', signed('{}'), other)).status).toBe(404);
    const stranger = JSON.stringify({
      webhookEvent: 'jira:issue_updated',
      issue: { id: '999999', key: 'OPS-999', fields: { status: { statusCategory: { key: 'done' } } } },
      changelog: { items: [{ field: 'status' }] },
    });
    const unknown = await post(stranger, signed(stranger));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ outcome: 'unknown' });
    const comment = JSON.stringify({ webhookEvent: 'comment_created', comment: { id: '1' } });
    expect((await post(comment, signed(comment))).status).toBe(200);
  });
});
