import type { Firebreak } from '../../../src/main';
import {
  declare,
  type Harness,
  HUNG_CALL_TIMEOUT_MS,
  laneDrained,
  run,
  startHarness,
  startReplica,
} from '../../support/harness';
import { type PagingFakes, pageKeyOf, startPagingFakes } from '../../support/paging';

// Every test here waits out at least one retry (1 s backoff, or the Retry-After).
jest.setTimeout(30_000);

let h: Harness;
let fakes: PagingFakes;
let second: Firebreak | undefined;
beforeAll(async () => {
  fakes = await startPagingFakes();
  h = await startHarness({ ...fakes.options, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
});
afterAll(async () => {
  await second?.stop();
  await h?.stop();
  await fakes?.stop();
});

const triggersFor = (key: string) =>
  fakes.pagerduty.requestsTo('enqueue').filter((r) => (r.body as { dedup_key?: string }).dedup_key === key);
const pagedPosts = (channel: string, service: string) =>
  h.emulator.workspace.messagesIn(channel).filter((m) => m.text.includes(`paged *${service}*`));
const pagedEvents = (incidentId: number) =>
  h.db
    .selectFrom('incident_events')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'paged')
    .execute();

/** Waits until the channel has been told of the page (the last step of a page), then for the bot to settle. */
async function settled(channel: string, service: string) {
  await h.emulator.waitFor(() => pagedPosts(channel, service).length > 0, 15_000);
  await h.bot.idle();
}

describe('exactly one page, whatever the paging service does', () => {
  test("PagerDuty's 429 is waited out for its Retry-After, then the page goes once", async () => {
    fakes.pagerduty.failNext('enqueue', { status: 429, retryAfter: 1 });
    const row = await declare(h, 'UALICE', { title: 'Rate limited page', severity: 'SEV2', commander: 'UALICE' });
    const key = pageKeyOf(row.number);
    await settled(row.channel_id, 'payments');

    const sent = triggersFor(key);
    expect(sent.map((r) => r.status)).toEqual([429, 202]);
    // Not before the Retry-After.
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(900);
    expect(fakes.pagerduty.openAlerts(key)).toMatchObject([{ triggers: 1 }]);
    expect(pagedPosts(row.channel_id, 'payments')).toHaveLength(1);
    expect(await pagedEvents(row.id)).toHaveLength(1);
  });

  test('a 500 is retried with backoff; one alert', async () => {
    fakes.pagerduty.failNext('enqueue', { status: 500 });
    const row = await declare(h, 'UBOB', { title: 'Flaky PagerDuty', severity: 'SEV2', commander: 'UBOB' });
    const key = pageKeyOf(row.number);
    await settled(row.channel_id, 'payments');
    expect(triggersFor(key).map((r) => r.status)).toEqual([500, 202]);
    expect(fakes.pagerduty.openAlerts(key)).toMatchObject([{ triggers: 1 }]);
    expect(pagedPosts(row.channel_id, 'payments')).toHaveLength(1);
  });

  test('an answer lost after PagerDuty opened the alert: the retry lands on the same alert (dedup_key)', async () => {
    fakes.pagerduty.failNext('enqueue', { status: 502, afterHandling: true });
    const row = await declare(h, 'UCAROL', { title: 'Lost answer', severity: 'SEV2', commander: 'UCAROL' });
    const key = pageKeyOf(row.number);
    await settled(row.channel_id, 'payments');
    expect(triggersFor(key).map((r) => r.status)).toEqual([502, 202]);
    expect(fakes.pagerduty.openAlerts(key)).toHaveLength(1);
    expect(fakes.pagerduty.openAlerts(key)[0].triggers).toBe(2);
    expect(pagedPosts(row.channel_id, 'payments')).toHaveLength(1);
    expect(await pagedEvents(row.id)).toHaveLength(1);
  });

  test('a hung call times out and is retried; one alert', async () => {
    fakes.pagerduty.failNext('enqueue', { hangMs: 10_000 });
    const row = await declare(h, 'UDAVE', { title: 'Hung PagerDuty', severity: 'SEV2', commander: 'UDAVE' });
    const key = pageKeyOf(row.number);
    await settled(row.channel_id, 'payments');
    expect(triggersFor(key)).toHaveLength(2);
    expect(fakes.pagerduty.openAlerts(key)).toMatchObject([{ triggers: 1 }]);
    expect(pagedPosts(row.channel_id, 'payments')).toHaveLength(1);
  });

  test("Opsgenie's 429 and a lost answer: one alert by alias", async () => {
    fakes.opsgenie.failNext('create', { status: 429, retryAfter: 1 });
    fakes.opsgenie.failNext('create', { status: 503, afterHandling: true });
    const row = await declare(h, 'UALICE', { title: 'Opsgenie trouble', severity: 'SEV4', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'page platform');
    await settled(row.channel_id, 'platform');
    const key = pageKeyOf(row.number);
    expect(
      fakes.opsgenie
        .requestsTo('create')
        .filter((r) => (r.body as { alias?: string }).alias === key)
        .map((r) => r.status),
    ).toEqual([429, 503, 202]);
    expect(fakes.opsgenie.openAlerts(key)).toMatchObject([{ count: 2 }]);
    expect(pagedPosts(row.channel_id, 'platform')).toHaveLength(1);
  });

  test('a page step taken up again after a crash (its progress not recorded) posts and records nothing twice', async () => {
    const row = await declare(h, 'UCAROL', { title: 'Crash after paging', severity: 'SEV2', commander: 'UCAROL' });
    const key = pageKeyOf(row.number);
    await settled(row.channel_id, 'payments');
    const lane = `page:payments:incident:${row.id}`;
    // As if the worker died after Slack took the channel's post, before recording it: the next claim resumes
    // that step, unsure whether it landed, and finds the post (and the timeline event) already there.
    await h.db
      .updateTable('outbox')
      // A claim still held past its lease: its holder died mid-step.
      .set({ status: 'pending', step: 1, done_at: null, claim_token: 'died', due_at: new Date(0) })
      .where('lane', '=', lane)
      .execute();
    h.bot.outbox.wake();
    await laneDrained(h, lane);
    expect(triggersFor(key)).toHaveLength(1);
    expect(pagedPosts(row.channel_id, 'payments')).toHaveLength(1);
    expect(await pagedEvents(row.id)).toHaveLength(1);
  });

  test('two replicas delivering side by side page once, post once and record once', async () => {
    second = await startReplica(h, { ...fakes.options, notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS });
    // The first try is answered 500 after the alert opened, so the retry may fall to either replica.
    fakes.pagerduty.failNext('enqueue', { status: 500, afterHandling: true });
    fakes.opsgenie.failNext('create', { status: 500, afterHandling: true });
    const row = await declare(h, 'UBOB', { title: 'Both replicas', severity: 'SEV1', commander: 'UBOB' });
    const key = pageKeyOf(row.number);
    await settled(row.channel_id, 'payments');
    await settled(row.channel_id, 'platform');
    await second.idle();
    expect(fakes.pagerduty.openAlerts(key)).toHaveLength(1);
    expect(fakes.opsgenie.openAlerts(key)).toHaveLength(1);
    expect(triggersFor(key)).toHaveLength(2);
    expect(pagedPosts(row.channel_id, 'payments')).toHaveLength(1);
    expect(pagedPosts(row.channel_id, 'platform')).toHaveLength(1);
    expect(await pagedEvents(row.id)).toHaveLength(2);

    // The resolve, too, goes once.
    for (const step of ['status investigating', 'resolve Fixed']) await run(h, 'UBOB', row.channel_id, step);
    await h.emulator.waitFor(
      () => fakes.pagerduty.openAlerts(key).length === 0 && fakes.opsgenie.openAlerts(key).length === 0,
    );
    await second.idle();
    expect(fakes.pagerduty.accepted('resolve').filter((e) => e.dedup_key === key)).toHaveLength(1);
    expect(fakes.opsgenie.requestsTo('close').filter((r) => r.path.includes(key))).toHaveLength(1);
  });
});
