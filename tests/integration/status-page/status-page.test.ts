import { signedHeaders } from '@firebreak/slack-emulator/client';
import { blockActions, viewSubmission } from '@firebreak/slack-emulator/payloads';
import { buildStateValues } from '@firebreak/slack-emulator/view-state';
import type { ViewRecord } from '@firebreak/slack-emulator/workspace';
import { RESOLVE_PUBLIC_BUTTON } from '../../../src/features/status-page/status-page.ids';
import { UPDATE_FIELDS as U, UPDATE_MODAL } from '../../../src/features/updates/updates.ids';
import {
  declare,
  declareValues,
  formAnswer,
  type Harness,
  HUNG_CALL_TIMEOUT_MS,
  laneDrained,
  run,
  SIGNING_SECRET,
  startHarness,
} from '../../support/harness';
import { openReview } from '../../support/review-form';
import { PAGE_ID, STATUSPAGE_KEY, type StatusPageFake, startStatusPageFake } from '../../support/status-page';

// Retries wait out a backoff (1 s) or a Retry-After.
jest.setTimeout(40_000);

const ALICE = 'UALICE';
const BOB = 'UBOB';

let h: Harness;
let fake: StatusPageFake;
beforeAll(async () => {
  fake = await startStatusPageFake();
  h = await startHarness({ ...fake.options, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS, idleTimeoutMs: 30_000 });
});
afterAll(async () => {
  await h?.stop();
  await fake?.stop();
});

const ws = () => h.emulator.workspace;
const nameOf = (n: number) => `Service disruption (INC-${n})`;
const publicIncidents = (n: number) => fake.statuspage.incidents(PAGE_ID).filter((i) => i.name === nameOf(n));
const postedInChannel = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.text.includes('posted on the status page'));
const refusedInChannel = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.text.includes('The status page refused'));

async function openUpdate(user: string, channel: string): Promise<ViewRecord> {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  await h.emulator.command({ user, channel, text: 'update' });
  return h.emulator.waitFor(() =>
    ws()
      .openViews(user)
      .find((v) => !before.has(v.id) && v.view.callback_id === UPDATE_MODAL),
  );
}

interface Publish {
  message?: string;
  status?: string;
  component?: string;
  publish?: boolean;
}

const publishValues = (p: Publish) => ({
  [U.text.action]: 'Internal: the primary database of the ledger fell over (do not share)',
  ...(p.publish === false ? {} : { [U.publish.action]: ['publish'] }),
  ...(p.message === undefined ? {} : { [U.publicMessage.action]: p.message }),
  ...(p.status === undefined ? {} : { [U.publicStatus.action]: p.status }),
  ...(p.component === undefined ? {} : { [U.componentStatus.action]: p.component }),
});

/** Posts an update through the form with its *Status page* section filled in, as `user`. */
async function publish(user: string, channel: string, p: Publish) {
  const view = await openUpdate(user, channel);
  const res = await h.emulator.submitView({ user, viewId: view.id, values: publishValues(p) });
  await h.bot.idle(30_000);
  return res;
}

/** Submits the update form with state a forger wrote: fields the form never had, values it never offered. */
async function submitForged(user: string, view: ViewRecord, honest: Record<string, unknown>, forged: object) {
  const state = {
    ...buildStateValues(view.view.blocks ?? [], honest, { closing: true }),
    ...forged,
  };
  const payload = viewSubmission(ws(), { ...view, user }, state as never, ws().issueTrigger(user));
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'));
  await h.bot.idle();
  return res;
}

const forgedSection = (p: { status?: string; component?: string }) => ({
  [U.publish.block]: {
    [U.publish.action]: {
      type: 'checkboxes',
      selected_options: [{ text: { type: 'plain_text', text: 'x' }, value: 'publish' }],
    },
  },
  [U.publicMessage.block]: { [U.publicMessage.action]: { type: 'plain_text_input', value: 'Forged public words' } },
  [U.publicStatus.block]: {
    [U.publicStatus.action]: {
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: 'x' }, value: p.status ?? 'investigating' },
    },
  },
  ...(p.component
    ? {
        [U.componentStatus.block]: {
          [U.componentStatus.action]: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'x' }, value: p.component },
          },
        },
      }
    : {}),
});

/** What `user` was told privately because of `act`. */
async function toldAfter(user: string, act: () => Promise<unknown>): Promise<string[]> {
  const seen = ws().ephemeralsFor(user).length;
  await act();
  await h.bot.idle();
  return ws()
    .ephemeralsFor(user)
    .slice(seen)
    .map((e) => e.text);
}

/** The incident's timeline events of public posts. */
const publishedEvents = (incidentId: number) =>
  h.db
    .selectFrom('incident_events')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'published')
    .execute();

const posts = (incidentId: number) =>
  h.db.selectFrom('status_page_posts').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();

const declareAvailability = (title: string, extra: Parameters<typeof declare>[2] = {}) =>
  declare(h, ALICE, { title, severity: 'SEV2', commander: ALICE, category: 'Availability', ...extra });

describe('publishing from the update form', () => {
  test('the section is in the form, the public message empty; the first publish creates the public incident, the next updates it', async () => {
    const row = await declareAvailability('Ledger primary failover');
    const view = await openUpdate(ALICE, row.channel_id);
    const labels = (view.view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.label?.text);
    expect(labels).toEqual([
      'Status',
      'Severity',
      'What changed / what we know',
      'Next update in',
      'Publish to the status page',
      'Public message',
      'Public status',
      'Component status',
    ]);
    const message = view.view.blocks?.find((b) => b.block_id === U.publicMessage.block);
    expect(message?.element?.initial_value).toBeUndefined();
    const options = (block: string) =>
      view.view.blocks?.find((b) => b.block_id === block)?.element?.options?.map((o) => o.text?.text);
    expect(options(U.publicStatus.block)).toEqual(['Investigating', 'Identified', 'Monitoring', 'Resolved']);
    expect(options(U.componentStatus.block)).toEqual([
      'Operational',
      'Degraded performance',
      'Partial outage',
      'Major outage',
    ]);

    const res = await h.emulator.submitView({
      user: ALICE,
      viewId: view.id,
      values: publishValues({
        message: 'Some payments are failing. We are on it.',
        status: 'investigating',
        component: 'partial_outage',
      }),
    });
    expect(res.body).toBe('');
    await h.bot.idle(30_000);

    const [created] = publicIncidents(row.number);
    expect(publicIncidents(row.number)).toHaveLength(1);
    expect(created).toMatchObject({ status: 'investigating', componentIds: ['cmpcheckout01', 'cmppayments01'] });
    expect(created.updates.map((u) => u.body)).toEqual(['Some payments are failing. We are on it.']);
    expect(fake.statuspage.components(PAGE_ID).map((c) => c.status)).toEqual(['partial_outage', 'partial_outage']);
    const sent = fake.statuspage.requestsTo('create').at(-1)!;
    expect(sent.headers.authorization).toBe(`OAuth ${STATUSPAGE_KEY}`);
    // The internal words never leave Slack, and neither does the title.
    expect(JSON.stringify(fake.statuspage.received.map((r) => r.rawBody))).not.toMatch(/ledger|Ledger/);

    const stored = await h.db
      .selectFrom('status_page_incidents')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ public_id: created.id, shortlink: created.shortlink, last_status: 'investigating' });
    const told = postedInChannel(row.channel_id);
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain('*Investigating*, components *Partial outage*');
    expect(told[0].text).toContain('Some payments are failing. We are on it.');
    expect(told[0].text).toContain(created.shortlink);

    await publish(ALICE, row.channel_id, {
      message: 'We found the cause and are fixing it.',
      status: 'identified',
      component: 'degraded_performance',
    });
    expect(publicIncidents(row.number)).toHaveLength(1);
    expect(fake.statuspage.requestsTo('update').filter((r) => r.path.endsWith(created.id))).toHaveLength(1);
    expect(created.status).toBe('identified');
    expect(created.updates.map((u) => [u.status, u.body])).toEqual([
      ['identified', 'We found the cause and are fixing it.'],
      ['investigating', 'Some payments are failing. We are on it.'],
    ]);
    expect(fake.statuspage.components(PAGE_ID).map((c) => c.status)).toEqual([
      'degraded_performance',
      'degraded_performance',
    ]);
    expect(postedInChannel(row.channel_id)).toHaveLength(2);
    expect(await posts(row.id)).toMatchObject([
      { status: 'investigating', component_status: 'partial_outage', actor: ALICE, refused: null },
      { status: 'identified', component_status: 'degraded_performance', actor: ALICE, refused: null },
    ]);
  });

  test('an update without the box ticked publishes nothing; ticked without a public message is a field error and changes nothing', async () => {
    const row = await declareAvailability('Quiet update');
    const before = fake.statuspage.received.length;
    await publish(ALICE, row.channel_id, {
      publish: false,
      message: 'Not meant for customers',
      status: 'investigating',
    });
    expect(fake.statuspage.received.length).toBe(before);
    expect(await posts(row.id)).toEqual([]);

    const view = await openUpdate(ALICE, row.channel_id);
    const notes = await h.db.selectFrom('timeline_entries').select('id').where('incident_id', '=', row.id).execute();
    const res = await h.emulator.submitView({
      user: ALICE,
      viewId: view.id,
      values: publishValues({ status: 'investigating' }),
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [U.publicMessage.block]: expect.stringContaining('customers should read') },
    });
    await h.bot.idle();
    expect(await posts(row.id)).toEqual([]);
    expect(await h.db.selectFrom('timeline_entries').select('id').where('incident_id', '=', row.id).execute()).toEqual(
      notes,
    );
  });

  test('an incident whose category names no components: no component status asked or sent', async () => {
    const row = await declare(h, ALICE, {
      title: 'Slow search',
      severity: 'SEV3',
      commander: ALICE,
      category: 'Performance',
    });
    const view = await openUpdate(ALICE, row.channel_id);
    expect(view.view.blocks?.some((b) => b.block_id === U.componentStatus.block)).toBe(false);
    await publish(ALICE, row.channel_id, { message: 'Search is slow for some customers.', status: 'investigating' });
    const sent = fake.statuspage.requestsTo('create').at(-1)!.body as { incident: Record<string, unknown> };
    expect(sent.incident).toEqual({
      name: nameOf(row.number),
      status: 'investigating',
      body: 'Search is slow for some customers.',
    });
  });
});

describe('exactly one public incident, whatever Statuspage does', () => {
  test('an answer lost after Statuspage created the incident: the retry finds it by name, no duplicate', async () => {
    fake.statuspage.failNext('create', { status: 502, afterHandling: true });
    const row = await declareAvailability('Lost create answer');
    await publish(ALICE, row.channel_id, {
      message: 'Checkout errors.',
      status: 'investigating',
      component: 'major_outage',
    });
    await h.emulator.waitFor(() => postedInChannel(row.channel_id).length > 0, 20_000);
    await h.bot.idle(30_000);
    expect(publicIncidents(row.number)).toHaveLength(1);
    expect(publicIncidents(row.number)[0].updates).toHaveLength(1);
    const creates = fake.statuspage
      .requestsTo('create')
      .filter((r) => (r.body as { incident: { name: string } }).incident.name === nameOf(row.number));
    expect(creates.map((r) => r.status)).toEqual([502]);
    expect(fake.statuspage.requestsTo('list').some((r) => r.query.get('q') === nameOf(row.number))).toBe(true);
    expect(postedInChannel(row.channel_id)).toHaveLength(1);
    expect(await publishedEvents(row.id)).toHaveLength(1);
  });

  test('an answer lost after an update landed: the retry finds the update on the page, no second one', async () => {
    const row = await declareAvailability('Lost update answer');
    await publish(ALICE, row.channel_id, {
      message: 'First words.',
      status: 'investigating',
      component: 'major_outage',
    });
    fake.statuspage.failNext('update', { status: 504, afterHandling: true });
    await publish(ALICE, row.channel_id, { message: 'Second words.', status: 'monitoring', component: 'operational' });
    await h.emulator.waitFor(() => postedInChannel(row.channel_id).length === 2, 20_000);
    expect(publicIncidents(row.number)[0].updates.map((u) => u.body)).toEqual(['Second words.', 'First words.']);
  });

  test('a post’s steps taken up again after a crash (their progress not recorded) post and record nothing twice', async () => {
    const row = await declareAvailability('Crash after publishing');
    await publish(ALICE, row.channel_id, { message: 'Checkout is slow.', status: 'investigating' });
    await publish(ALICE, row.channel_id, { message: 'Checkout is fast again.', status: 'monitoring' });
    const [first, second] = await posts(row.id);
    const lane = `statuspage:incident:${row.id}`;
    /** As if the worker died in step `step` of the post's notice: the next claim resumes that step. */
    async function resume(post: { notice: string | null }, step: number) {
      await h.db
        .updateTable('outbox')
        // A claim still held past its lease: its holder died mid-step.
        .set({ status: 'pending', step, done_at: null, claim_token: 'died', due_at: new Date(0) })
        .where('lane', '=', lane)
        .where('id', '=', Number(post.notice!.replace('fb-notice-', '')))
        .execute();
      h.bot.outbox.wake();
      await laneDrained(h, lane);
    }
    const sent = fake.statuspage.received.length;
    // Died after Slack took the channel's post, before recording it: the post is found, nothing said twice.
    await resume(first, 1);
    expect(fake.statuspage.received.length).toBe(sent);
    expect(postedInChannel(row.channel_id)).toHaveLength(2);
    // Died after Statuspage took the update, before recording it: the page is read, and it shows the update.
    await h.db.updateTable('status_page_posts').set({ published_at: null }).where('id', '=', second.id).execute();
    await resume(second, 0);
    expect(fake.statuspage.received.slice(sent).map((r) => [r.method, r.status])).toEqual([['GET', 200]]);
    expect(publicIncidents(row.number)[0].updates.map((u) => u.body)).toEqual([
      'Checkout is fast again.',
      'Checkout is slow.',
    ]);
    expect(await publishedEvents(row.id)).toHaveLength(2);
  });

  test.each([
    ['420 (Statuspage’s rate limit) with Retry-After', { status: 420, retryAfter: 1 }],
    ['429 with Retry-After', { status: 429, retryAfter: 1 }],
    ['500', { status: 500 }],
    ['a hung call', { hangMs: 10_000 }],
  ])('%s is retried; one incident, told once', async (_name, fault) => {
    fake.statuspage.failNext('create', fault);
    const row = await declareAvailability(`Fault ${_name}`);
    await publish(ALICE, row.channel_id, {
      message: 'Errors at checkout.',
      status: 'investigating',
      component: 'partial_outage',
    });
    await h.emulator.waitFor(() => postedInChannel(row.channel_id).length > 0, 20_000);
    await h.bot.idle(30_000);
    const creates = fake.statuspage
      .requestsTo('create')
      .filter((r) => (r.body as { incident: { name: string } }).incident.name === nameOf(row.number));
    expect(creates).toHaveLength(2);
    if ('retryAfter' in fault) expect(creates[1].at - creates[0].at).toBeGreaterThanOrEqual(900);
    expect(publicIncidents(row.number)).toHaveLength(1);
    expect(postedInChannel(row.channel_id)).toHaveLength(1);
  });

  test.each([400, 422])('a %i is told once in the channel and not retried', async (status) => {
    fake.statuspage.failNext('create', { status, body: { message: 'Body is invalid' } });
    const row = await declareAvailability(`Refused ${status}`);
    await publish(ALICE, row.channel_id, { message: 'Errors at checkout.', status: 'investigating' });
    await h.emulator.waitFor(() => refusedInChannel(row.channel_id).length > 0, 20_000);
    await h.bot.idle(30_000);
    const refused = refusedInChannel(row.channel_id);
    expect(refused).toHaveLength(1);
    expect(refused[0].text).toContain(`Body is invalid (HTTP ${status})`);
    expect(postedInChannel(row.channel_id)).toHaveLength(0);
    expect(publicIncidents(row.number)).toHaveLength(0);
    expect(await posts(row.id)).toMatchObject([{ refused: `Body is invalid (HTTP ${status})`, published_at: null }]);
    expect(await publishedEvents(row.id)).toHaveLength(0);
  });
});

describe('nothing public of a private incident or a drill', () => {
  test('a private incident’s form has no section; a forged one is refused and changes nothing', async () => {
    const row = await declareAvailability('Private trouble', { private: true });
    const view = await openUpdate(ALICE, row.channel_id);
    expect(view.view.blocks?.some((b) => b.block_id === U.publish.block)).toBe(false);
    expect(JSON.stringify(view.view.blocks)).not.toContain('Status page');
    const before = fake.statuspage.received.length;
    const res = await submitForged(ALICE, view, { [U.text.action]: 'Still looking' }, forgedSection({}));
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [U.publish.block]: expect.stringContaining('cannot be posted on the status page') },
    });
    expect(await posts(row.id)).toEqual([]);
    // Its commander clicking a forged *Resolve the status page incident* changes nothing either.
    const message = ws().messagesIn(row.channel_id).at(-1)!;
    const forgedClick = () => {
      const responseUrl = ws().issueResponseUrl({
        channel: row.channel_id,
        user: ALICE,
        messageTs: message.ts,
        isEphemeral: false,
        followsReplies: false,
      }).url;
      const element = {
        type: 'button',
        action_id: RESOLVE_PUBLIC_BUTTON,
        value: String(row.number),
        text: { type: 'plain_text', text: 'Resolve the status page incident' },
      };
      const payload = blockActions(ws(), {
        user: ALICE,
        channel: row.channel_id,
        messageTs: message.ts,
        message,
        blockId: 'forged',
        element: element as never,
        triggerId: ws().issueTrigger(ALICE),
        responseUrl,
      });
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'));
    };
    expect(await toldAfter(ALICE, forgedClick)).toEqual([expect.stringContaining('nothing on the status page')]);
    expect(await posts(row.id)).toEqual([]);
    const notes = await h.db
      .selectFrom('timeline_entries')
      .select('id')
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toEqual([]);
    expect(fake.statuspage.received.length).toBe(before);
  });

  test('a drill’s form has no section; a forged one is refused', async () => {
    const before = new Set(
      ws()
        .openViews(ALICE)
        .map((v) => v.id),
    );
    await h.emulator.command({ user: ALICE, channel: 'CGENERAL', text: 'drill Failover rehearsal' });
    const form = await h.emulator.waitFor(() =>
      ws()
        .openViews(ALICE)
        .find((v) => !before.has(v.id)),
    );
    const res = await h.emulator.submitView({
      user: ALICE,
      viewId: form.id,
      values: declareValues({ severity: 'SEV3', commander: ALICE, category: 'Availability' }),
    });
    expect(formAnswer(res)).toContain('is declared');
    await h.bot.idle();
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', form.id)
      .executeTakeFirstOrThrow();
    expect(row.is_drill).toBe(true);
    const view = await openUpdate(ALICE, row.channel_id!);
    expect(view.view.blocks?.some((b) => b.block_id === U.publish.block)).toBe(false);
    const forged = await submitForged(ALICE, view, { [U.text.action]: 'Drill going' }, forgedSection({}));
    expect(forged.body).toEqual({
      response_action: 'errors',
      errors: { [U.publish.block]: expect.stringContaining('cannot be posted on the status page') },
    });
    expect(await posts(row.id)).toEqual([]);
  });

  test('options the form did not offer are refused on their field', async () => {
    const row = await declare(h, ALICE, {
      title: 'Forged options',
      severity: 'SEV3',
      commander: ALICE,
      category: 'Performance',
    });
    const view = await openUpdate(ALICE, row.channel_id);
    const honest = { [U.text.action]: 'Still looking' };
    const badStatus = await submitForged(ALICE, view, honest, forgedSection({ status: 'scheduled' }));
    expect(badStatus.body).toEqual({
      response_action: 'errors',
      errors: { [U.publicStatus.block]: expect.stringContaining('not one of the choices') },
    });
    // Performance names no components: a component status was never offered.
    const badComponent = await submitForged(ALICE, view, honest, forgedSection({ component: 'major_outage' }));
    expect(badComponent.body).toEqual({
      response_action: 'errors',
      errors: { [U.componentStatus.block]: expect.stringContaining('not one of the choices') },
    });
    expect(await posts(row.id)).toEqual([]);
  });
});

describe('resolving', () => {
  test('resolving the incident asks the commander to resolve the public one; only the commander may; once', async () => {
    const row = await declareAvailability('Resolve me publicly');
    await run(h, ALICE, row.channel_id, `invite <@${BOB}>`);
    await publish(ALICE, row.channel_id, {
      message: 'Checkout is failing for some.',
      status: 'investigating',
      component: 'major_outage',
    });
    for (const step of ['status investigating', 'status monitoring', 'resolve Fixed'])
      await run(h, ALICE, row.channel_id, step);
    await h.bot.idle(30_000);
    const offer = await h.emulator.waitFor(() =>
      ws()
        .messagesIn(row.channel_id)
        .find((m) => JSON.stringify(m.blocks ?? []).includes(RESOLVE_PUBLIC_BUTTON)),
    );
    expect(JSON.stringify(offer.blocks)).toContain('Resolve the status page incident');

    const click = (user: string) =>
      h.emulator.clickButton({
        user,
        channel: row.channel_id,
        messageTs: offer.ts,
        actionId: RESOLVE_PUBLIC_BUTTON,
        value: String(row.number),
      });
    expect(await toldAfter(BOB, () => click(BOB))).toEqual([expect.stringContaining('Only the commander')]);
    expect(await posts(row.id)).toHaveLength(1);

    await click(ALICE);
    await h.bot.idle(30_000);
    await h.emulator.waitFor(() => postedInChannel(row.channel_id).length === 2, 20_000);
    const [pub] = publicIncidents(row.number);
    expect(pub.status).toBe('resolved');
    expect(pub.updates[0]).toMatchObject({
      status: 'resolved',
      body: 'This incident has been resolved. Thank you for your patience.',
    });
    expect(fake.statuspage.components(PAGE_ID).map((c) => c.status)).toEqual(['operational', 'operational']);

    expect(await toldAfter(ALICE, () => click(ALICE))).toEqual([expect.stringContaining('resolved already')]);
    expect(await posts(row.id)).toHaveLength(2);
  });

  test('no offer when the last public post resolved it already, or nothing was ever published', async () => {
    const published = await declareAvailability('Resolved publicly first');
    await publish(ALICE, published.channel_id, {
      message: 'All good now.',
      status: 'resolved',
      component: 'operational',
    });
    const never = await declareAvailability('Never public');
    for (const row of [published, never])
      for (const step of ['status investigating', 'status monitoring', 'resolve Fixed'])
        await run(h, ALICE, row.channel_id, step);
    await h.bot.idle(30_000);
    for (const row of [published, never])
      expect(
        ws()
          .messagesIn(row.channel_id)
          .filter((m) => JSON.stringify(m.blocks ?? []).includes(RESOLVE_PUBLIC_BUTTON)),
      ).toEqual([]);
  });
});

test('the timeline and the review show what customers were told, and when', async () => {
  const row = await declareAvailability('Told customers');
  await publish(ALICE, row.channel_id, {
    message: 'We see failed card payments.',
    status: 'investigating',
    component: 'partial_outage',
  });
  await publish(ALICE, row.channel_id, {
    message: 'Payments work again; we are watching.',
    status: 'monitoring',
    component: 'operational',
  });
  const { replies } = await run(h, ALICE, row.channel_id, 'timeline');
  const timeline = replies.join('\n');
  expect(timeline).toContain('Status page (Investigating, components partial outage): We see failed card payments.');
  expect(timeline).toContain('Status page (Monitoring, components operational): Payments work again; we are watching.');

  for (const step of ['status investigating', 'status monitoring', 'resolve Fixed'])
    await run(h, ALICE, row.channel_id, step);
  const review = await openReview(h, ALICE, row.channel_id);
  const res = await h.emulator.submitView({
    user: ALICE,
    viewId: review.id,
    values: { summary: 'Card payments failed', customerImpact: 'Some card payments failed', rootCause: 'A bad deploy' },
  });
  expect(res.body).toBe('');
  await h.bot.idle(30_000);
  const doc = (
    await h.db.selectFrom('reviews').select('document').where('incident_id', '=', row.id).executeTakeFirstOrThrow()
  ).document!;
  expect(doc).toContain('Status page (Investigating, components partial outage): We see failed card payments.');
  expect(doc).toContain('Status page (Monitoring, components operational): Payments work again; we are watching.');
});
