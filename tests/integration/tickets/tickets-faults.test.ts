import { declare, type Harness, HUNG_CALL_TIMEOUT_MS, run, startHarness } from '../../support/harness';
import { doneFromHome, followupRow, type JiraFake, markerOf, startJira } from '../../support/tickets';

// Every test here waits out at least one retry (1 s backoff, or the Retry-After).
jest.setTimeout(30_000);

let h: Harness;
let fake: JiraFake;
let incident: Awaited<ReturnType<typeof declare>>;
beforeAll(async () => {
  fake = await startJira();
  h = await startHarness({ ...fake.options, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS, idleTimeoutMs: 20_000 });
  fake.hookInto(h);
  incident = await declare(h, 'UALICE', { title: 'Flaky tracker', severity: 'SEV3', commander: 'UALICE' });
});
afterAll(async () => {
  await h?.stop();
  await fake?.stop();
});

const jira = () => fake.jira;
const ws = () => h.emulator.workspace;

const followupOf = (text: string) => followupRow(h, incident.id, text);
const creates = (text: string) =>
  jira()
    .requestsTo('create')
    .filter((r) => (r.body as { fields?: { summary?: string } }).fields?.summary === text);
const searchesFor = (followupId: number) =>
  jira()
    .requestsTo('search')
    .filter((r) => (r.body as { jql?: string }).jql?.includes(markerOf(followupId)));
const posts = (needle: string) =>
  ws()
    .messagesIn(incident.channel_id)
    .filter((m) => m.text.includes(needle));

/** Adds a follow-up and waits until its ticket (or the refusal) is told in the channel. */
async function addFollowup(text: string, owner = '') {
  await run(h, 'UALICE', incident.channel_id, `followup ${text} ${owner}`.trim());
  await h.emulator.waitFor(
    () => posts(`${text} is tracked in Jira`).length + posts(`follow-up ${text}:`).length > 0,
    20_000,
  );
  await h.bot.idle(20_000);
  return followupOf(text);
}

describe('exactly one ticket, whatever Jira does', () => {
  test("Jira's 429 is waited out for its Retry-After, then the ticket is made once", async () => {
    jira().failNext('create', { status: 429, retryAfter: 1 });
    const f = await addFollowup('Cap the retry rate');
    const sent = creates('Cap the retry rate');
    expect(sent.map((r) => r.status)).toEqual([429, 201]);
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(900);
    expect(jira().withLabel(markerOf(f.id))).toHaveLength(1);
    expect(posts('Cap the retry rate is tracked in Jira')).toHaveLength(1);
  });

  test('a 500 is retried, looking the ticket up first; one ticket', async () => {
    jira().failNext('create', { status: 500 });
    const f = await addFollowup('Shard the queue');
    expect(creates('Shard the queue').map((r) => r.status)).toEqual([500, 201]);
    expect(searchesFor(f.id)).toHaveLength(1);
    expect(jira().withLabel(markerOf(f.id))).toHaveLength(1);
  });

  test('an answer lost after Jira made the ticket: the retry finds it by its label and makes no second', async () => {
    jira().failNext('create', { status: 502, afterHandling: true });
    const f = await addFollowup('Add a circuit breaker');
    expect(creates('Add a circuit breaker').map((r) => r.status)).toEqual([502]);
    expect(searchesFor(f.id).map((r) => r.status)).toEqual([200]);
    const made = jira().withLabel(markerOf(f.id));
    expect(made).toHaveLength(1);
    expect(
      await h.db.selectFrom('followup_tickets').selectAll().where('followup_id', '=', f.id).executeTakeFirst(),
    ).toMatchObject({ state: 'open', ticket_key: made[0].key });
    expect(posts(`Add a circuit breaker is tracked in Jira as <${jira().url}/browse/${made[0].key}|`)).toHaveLength(1);
  });

  test('a hung call times out and is retried; one ticket', async () => {
    jira().failNext('create', { hangMs: 10_000 });
    const f = await addFollowup('Set client timeouts');
    expect(creates('Set client timeouts')).toHaveLength(2);
    expect(searchesFor(f.id)).toHaveLength(1);
    expect(jira().withLabel(markerOf(f.id))).toHaveLength(1);
  });

  test('a 400 is told in the channel once and not retried', async () => {
    jira().failNext('create', {
      status: 400,
      body: { errorMessages: [], errors: { issuetype: 'Specify an issue type' } },
    });
    const f = await addFollowup('Fix the issue type');
    expect(creates('Fix the issue type').map((r) => r.status)).toEqual([400]);
    expect(jira().withLabel(markerOf(f.id))).toEqual([]);
    expect(posts('follow-up Fix the issue type:').map((m) => m.text)).toEqual([
      ':warning: Jira refused the ticket for the follow-up Fix the issue type: issuetype: Specify an issue type (HTTP 400). It is still tracked here; whoever runs Firebreak can check `tickets` in its policy file.',
    ]);
    expect(
      await h.db.selectFrom('followup_tickets').select('state').where('followup_id', '=', f.id).executeTakeFirst(),
    ).toEqual({ state: 'refused' });
  });
});

describe('what Jira will not take is left out, not the ticket', () => {
  afterEach(() => jira().hideField('duedate', false));

  test('a project whose screen has no due date: the ticket is made without it, still assigned', async () => {
    jira().hideField('duedate');
    const f = await addFollowup('Tune the autoscaler', '<@UALICE> due 2026-12-24');
    expect(creates('Tune the autoscaler').map((r) => r.status)).toEqual([400, 201]);
    const [issue] = jira().withLabel(markerOf(f.id));
    expect(issue).toMatchObject({ duedate: null, assignee: '5b10a2844c20165700ede21g' });
    expect(posts('Tune the autoscaler is tracked in Jira')).toHaveLength(1);
  });

  test('a user search Jira refuses leaves the ticket unassigned', async () => {
    jira().failNext('userSearch', {
      status: 403,
      body: { errorMessages: ['Browse users permission needed'], errors: {} },
    });
    const f = await addFollowup('Page the right team', '<@UALICE>');
    expect(jira().withLabel(markerOf(f.id))).toEqual([expect.objectContaining({ assignee: null })]);
  });
});

describe('Done in Slack where no transition fits', () => {
  afterEach(() => jira().withoutDoneTransition(false));

  test('the ticket gets a comment saying it was done in Slack', async () => {
    const f = await addFollowup('Document the failover', '<@UALICE>');
    const [issue] = jira().withLabel(markerOf(f.id));
    jira().withoutDoneTransition();
    await doneFromHome(h, 'UALICE', f.id);
    expect(jira().statusOf(issue.key)).toBe('To Do');
    expect(JSON.stringify(jira().issue(issue.key)?.comments)).toContain(
      'Marked done in Slack by Alice Archer (Firebreak).',
    );
    expect(
      await h.db.selectFrom('followup_tickets').select('state').where('followup_id', '=', f.id).executeTakeFirst(),
    ).toEqual({ state: 'done' });
  });
});
