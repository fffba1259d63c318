import { sql } from 'kysely';
import { createLogger } from '../../src/kernel/log';
import { BOT_TOKEN, declare, type Harness, run, SIGNING_SECRET, startHarness, TestClock } from '../support/harness';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, samples only. */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.length ? hits.reduce((n, s) => n + s.value, 0) : undefined;
}

async function scrape(h: Harness) {
  const res = await fetch(`http://127.0.0.1:${h.bot.adminPort}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { res, text, samples: parse(text) };
}

describe('GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    // A hand-moved clock keeps the scheduler still: reminder rows change only when the test changes them.
    h = await startHarness({ clock: new TestClock() });
  });
  afterAll(() => h?.stop());

  test('counts requests by kind, Web API calls by method and outcome, open incidents by severity', async () => {
    const before = parse(await (await fetch(`http://127.0.0.1:${h.bot.adminPort}/metrics`)).text());
    expect(value(before, 'incidents_open', { severity: 'SEV2' })).toBe(0);

    const sev2 = await declare(h, 'UALICE', { title: 'Checkout is failing', severity: 'SEV2', commander: 'UALICE' });
    await declare(h, 'UBOB', { title: 'Payroll export leaked', severity: 'SEV1', private: true, commander: 'UBOB' });
    await run(h, 'UALICE', sev2.channel_id, 'status investigating');
    await run(h, 'UALICE', sev2.channel_id, 'help');
    const { ts } = await h.emulator.postUserMessage({
      user: 'UALICE',
      channel: sev2.channel_id,
      text: 'Rolled back the deploy',
    });
    await h.emulator.messageShortcut({
      user: 'UALICE',
      channel: sev2.channel_id,
      ts,
      callbackId: 'firebreak_add_to_timeline',
    });
    // Slack refuses the next post: the change announcement of this command.
    h.emulator.failNext('chat.postMessage', { error: 'channel_not_found' });
    await run(h, 'UALICE', sev2.channel_id, 'status identified');
    await h.bot.idle();

    const { res, text, samples } = await scrape(h);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);

    // Requests by kind, all answered.
    expect(value(samples, 'slack_requests_total', { kind: 'command', outcome: 'ok' })).toBeGreaterThanOrEqual(5);
    expect(value(samples, 'slack_requests_total', { kind: 'view_submission', outcome: 'ok' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(value(samples, 'slack_requests_total', { kind: 'event', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'slack_requests_total', { kind: 'shortcut', outcome: 'ok' })).toBe(1);
    expect(value(samples, 'slack_requests_total', { outcome: 'error' })).toBeUndefined();

    // The ack histogram: every command observed, each within Slack's 3 s.
    const commands = value(samples, 'slack_requests_total', { kind: 'command' })!;
    expect(value(samples, 'slack_ack_seconds_count', { kind: 'command' })).toBe(commands);
    expect(value(samples, 'slack_ack_seconds_bucket', { kind: 'command', le: '+Inf' })).toBe(commands);
    expect(value(samples, 'slack_ack_seconds_bucket', { kind: 'command', le: '3' })).toBe(commands);
    const sum = value(samples, 'slack_ack_seconds_sum', { kind: 'command' })!;
    expect(sum).toBeGreaterThan(0);
    expect(sum / commands).toBeLessThan(1);
    const buckets = samples
      .filter((s) => s.name === 'slack_ack_seconds_bucket' && s.labels.kind === 'command')
      .map((s) => s.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b)); // cumulative

    // Web API calls of every client: Bolt's listener client (views.open), the request client
    // (conversations.create), the notifying client (chat.postMessage, with the refused one).
    expect(value(samples, 'slack_api_calls_total', { method: 'auth.test', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'slack_api_calls_total', { method: 'views.open', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(value(samples, 'slack_api_calls_total', { method: 'conversations.create', outcome: 'ok' })).toBe(2);
    expect(
      value(samples, 'slack_api_calls_total', { method: 'chat.postMessage', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
    expect(value(samples, 'slack_api_calls_total', { method: 'chat.postMessage', outcome: 'channel_not_found' })).toBe(
      1,
    );

    // Open incidents by severity, zeros included; the outbox has drained; nothing is overdue.
    expect(value(samples, 'incidents_open', { severity: 'SEV1' })).toBe(1);
    expect(value(samples, 'incidents_open', { severity: 'SEV2' })).toBe(1);
    expect(value(samples, 'incidents_open', { severity: 'SEV3' })).toBe(0);
    expect(value(samples, 'outbox_depth')).toBe(0);
    expect(value(samples, 'outbox_oldest_age_seconds')).toBe(0);
    expect(value(samples, 'scheduler_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'metrics_collect_errors_total')).toBeUndefined();

    // Process metrics on the same registry.
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // Counts only: nothing of an incident (least of all a private one) is described.
    expect(text).not.toMatch(/payroll|checkout|UALICE|UBOB/i);
    expect(text).not.toContain(sev2.channel_id);
  });

  test('outbox depth and age follow the undelivered notices', async () => {
    // Not due for an hour, so the worker leaves it alone while we look.
    await sql`insert into outbox (lane, notice, due_at, created_at)
              values ('observability-test', '{}', now() + interval '1 hour', now() - interval '30 seconds')`.execute(
      h.db,
    );
    try {
      const { samples } = await scrape(h);
      expect(value(samples, 'outbox_depth')).toBe(1);
      expect(value(samples, 'outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(30);
      expect(value(samples, 'outbox_oldest_age_seconds')).toBeLessThan(60);
    } finally {
      await sql`delete from outbox where lane = 'observability-test'`.execute(h.db);
    }
    expect(value((await scrape(h)).samples, 'outbox_depth')).toBe(0);
  });
});

describe('GET /metrics, scheduler lag', () => {
  let h: Harness;
  beforeAll(async () => {
    // A hand-moved clock keeps the scheduler still: reminder rows change only when the test changes them.
    h = await startHarness({ clock: new TestClock() });
  });
  afterAll(() => h?.stop());

  test('scheduler lag follows the oldest due reminder nobody has claimed', async () => {
    // Its own incident's reminders: the first describe asserts exact open-incident counts, so it cannot share them.
    const row = await declare(h, 'UALICE', { title: 'Lagging reminders', severity: 'SEV2', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'status investigating');
    // Reminders due two minutes ago (by the database's clock) that no scheduler has claimed.
    const { numUpdatedRows } = await h.db
      .updateTable('reminders')
      .set({ due_at: sql<Date>`now() - interval '120 seconds'` })
      .where('active', '=', true)
      .executeTakeFirst();
    expect(Number(numUpdatedRows)).toBeGreaterThan(0);
    let lag = value((await scrape(h)).samples, 'scheduler_lag_seconds')!;
    expect(lag).toBeGreaterThanOrEqual(120);
    expect(lag).toBeLessThan(150);

    await h.db
      .updateTable('reminders')
      .set({ due_at: sql<Date>`now() + interval '1 hour'` })
      .where('active', '=', true)
      .execute();
    lag = value((await scrape(h)).samples, 'scheduler_lag_seconds')!;
    expect(lag).toBe(0);
  });
});

describe('logs', () => {
  test('JSON lines with request ids and incident numbers; no token, signing secret or database password in any', async () => {
    const lines: string[] = [];
    let password = '';
    const h = await startHarness({
      log: createLogger('debug', (line) => lines.push(line)),
      // Trust auth ignores a password, so a made-up one still connects; an embedded server's real one is kept.
      databaseUrl: (url) => {
        const u = new URL(url);
        if (!u.password) u.password = 's3cretpw-observability';
        password = decodeURIComponent(u.password);
        return u.toString();
      },
    });
    try {
      const row = await declare(h, 'UALICE', { severity: 'SEV2', commander: 'UALICE' });
      // A failing Slack call, and one failing with a token-shaped text in its error.
      h.emulator.failNext('chat.postMessage', { error: 'channel_not_found' });
      await run(h, 'UALICE', row.channel_id, 'status investigating');
      h.emulator.failNext('conversations.create', { status: 503 });
      await declare(h, 'UALICE', { title: 'Second one', severity: 'SEV3' }).catch(() => undefined);
      await h.bot.idle();

      // A database error: the database disappears under the running bot.
      await h.database.drop();
      await h.emulator.command({ user: 'UALICE', channel: row.channel_id, text: 'status identified' });
      await h.emulator.waitFor(() =>
        lines.some((l) => /"level":"error"/.test(l) && /database|relation|terminat|connect/i.test(l)),
      );
    } finally {
      await h.stop().catch(() => undefined);
    }

    expect(lines.length).toBeGreaterThan(10);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const p of parsed) {
      expect(typeof p.level).toBe('string');
      expect(Number.isNaN(Date.parse(String(p.time)))).toBe(false);
      expect(typeof p.msg).toBe('string');
    }
    // Request ids (from Slack's trigger_id / event_id) and incident numbers are on the lines.
    expect(parsed.some((p) => typeof p.requestId === 'string' && p.requestId !== '')).toBe(true);
    expect(parsed.some((p) => typeof p.incident === 'number')).toBe(true);
    // Errors are serialised, not `{}`.
    expect(parsed.some((p) => typeof (p.error as { message?: unknown } | undefined)?.message === 'string')).toBe(true);

    const all = lines.join('\n');
    expect(password.length).toBeGreaterThan(0);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, password, 'xoxb-']) expect(all).not.toContain(secret);
  });
});
