import {
  declare,
  declaredFrom,
  declareValues,
  formAnswer,
  type Harness,
  HUNG_CALL_TIMEOUT_MS,
  openDeclare,
  run,
  startHarness,
  TestClock,
} from '../../support/harness';
import { postUpdate } from '../../support/webhooks';

// The incident canvas: one channel canvas per incident, created once and redrawn through the outbox after each
// change, a burst of changes drawn in one edit, and a workspace that refuses canvases asked once.

const COALESCE_MS = 1_000;
let h: Harness;
const clock = new TestClock();
beforeAll(async () => {
  h = await startHarness({
    clock,
    canvas: { coalesceMs: COALESCE_MS },
    notifyTimeoutMs: HUNG_CALL_TIMEOUT_MS,
    idleTimeoutMs: 30_000,
  });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const creates = (channel?: string) =>
  ws()
    .callsTo('conversations.canvases.create')
    .filter((c) => !channel || c.args.channel_id === channel);
const edits = (canvasId: string) =>
  ws()
    .callsTo('canvases.edit')
    .filter((c) => c.args.canvas_id === canvasId);
const markdownOf = (channel: string) => h.emulator.canvasIn(channel)?.markdown ?? '';
const canvasesIn = (channel: string) => [...ws().canvases.values()].filter((c) => c.channel === channel);
/** The canvas id Firebreak stored for the incident, if any. */
const storedCanvas = async (incidentId: number) =>
  (
    await h.db
      .selectFrom('incident_canvases')
      .select('canvas_id')
      .where('incident_id', '=', incidentId)
      .executeTakeFirst()
  )?.canvas_id;

/** The redraw waits COALESCE_MS for more changes: time passes, and what fell due is delivered. */
async function redraw(ms = COALESCE_MS): Promise<void> {
  clock.advance(ms);
  h.bot.outbox.wake();
  await h.bot.idle(30_000);
}

async function declared(title: string, extra: Parameters<typeof declare>[2] = {}) {
  const row = await declare(h, 'UALICE', { title, severity: 'SEV2', commander: 'UALICE', ...extra });
  await redraw();
  return row;
}

/** An incident whose canvas is drawn, and how many edits it has had. */
async function withCanvas(title: string) {
  const row = await declared(title);
  const canvasId = h.emulator.canvasIn(row.channel_id)!.id;
  return { row, ch: row.channel_id, canvasId, before: edits(canvasId).length };
}

test('created once per incident, then edited after each change: status, severity, roles, update, key note, follow-up', async () => {
  const row = await declared('Checkout errors', { summary: 'Card payments fail for EU customers' });
  const ch = row.channel_id;
  const canvas = h.emulator.canvasIn(ch);
  expect(canvas).toBeDefined();
  expect(creates(ch)).toHaveLength(1);
  expect(creates(ch)[0].ok).toBe(true);
  expect(await storedCanvas(row.id)).toBe(canvas!.id);
  expect(markdownOf(ch)).toContain(`# INC-${row.number}: Checkout errors`);
  expect(markdownOf(ch)).toContain('**Status:** Triage');
  expect(markdownOf(ch)).toContain('**Severity:** SEV2');
  expect(markdownOf(ch)).toContain('- Commander: ![](@UALICE)');
  expect(markdownOf(ch)).toContain('Card payments fail for EU customers');

  const steps: [() => Promise<unknown>, string][] = [
    [() => run(h, 'UALICE', ch, 'status investigating Looking at the gateway'), '**Status:** Investigating'],
    [() => run(h, 'UALICE', ch, 'severity 1'), '**Severity:** SEV1'],
    [() => run(h, 'UALICE', ch, 'role scribe <@UBOB>'), '- Scribe: ![](@UBOB)'],
    [() => postUpdate(h, 'UALICE', ch, 'Gateway vendor is rolling back'), 'Gateway vendor is rolling back'],
    [() => run(h, 'UALICE', ch, 'note Gateway returns 502 since 09:00'), 'Gateway returns 502 since 09:00'],
    [() => run(h, 'UALICE', ch, 'followup Alert on gateway 5xx <@UBOB> due 2026-12-01'), 'Alert on gateway 5xx'],
  ];
  for (const [change, shows] of steps) {
    const before = edits(canvas!.id).length;
    await change();
    expect(markdownOf(ch)).not.toContain(shows);
    await redraw();
    expect(edits(canvas!.id)).toHaveLength(before + 1);
    expect(markdownOf(ch)).toContain(shows);
  }
  expect(markdownOf(ch)).toContain('(![](@UBOB), due 2026-12-01)');
  expect(markdownOf(ch)).toContain('**Next update due:**');
  // Still the one canvas: every change was an edit of it.
  expect(creates(ch)).toHaveLength(1);
  expect(canvasesIn(ch)).toHaveLength(1);
}, 60_000);

test('several changes within a second become one edit, drawn from the record as it stands', async () => {
  const { row, ch, canvasId, before } = await withCanvas('Search is slow');
  await run(h, 'UALICE', ch, 'status investigating');
  await run(h, 'UALICE', ch, 'severity 3');
  await run(h, 'UALICE', ch, 'role comms <@UCAROL>');
  await run(h, 'UALICE', ch, 'note Index rebuild started');
  // Nothing yet: the redraw waits for the rest of the burst.
  expect(edits(canvasId)).toHaveLength(before);
  const owed = await h.db
    .selectFrom('outbox')
    .select('id')
    .where('lane', '=', `canvas:incident:${row.id}`)
    .where('status', '=', 'pending')
    .execute();
  expect(owed).toHaveLength(1);

  await redraw();
  const made = edits(canvasId).slice(before);
  expect(made).toHaveLength(1);
  const drawn = JSON.stringify(made[0].args.changes);
  for (const shows of ['Investigating', 'SEV3', 'Comms: ![](@UCAROL)', 'Index rebuild started'])
    expect(drawn).toContain(shows);
}, 30_000);

test('a canvases.edit answered 429 is retried after its Retry-After, not before', async () => {
  const { ch, canvasId, before } = await withCanvas('Rate limited canvas');
  h.emulator.failNext('canvases.edit', { status: 429, retryAfter: 3 });
  await run(h, 'UALICE', ch, 'status investigating');
  await redraw();
  expect(edits(canvasId)).toHaveLength(before + 1);
  expect(edits(canvasId).at(-1)!.error).toBe('ratelimited');
  expect(markdownOf(ch)).not.toContain('Investigating');

  await redraw(2_000);
  expect(edits(canvasId)).toHaveLength(before + 1);
  await redraw(1_000);
  expect(edits(canvasId)).toHaveLength(before + 2);
  expect(edits(canvasId).at(-1)!.ok).toBe(true);
  expect(markdownOf(ch)).toContain('**Status:** Investigating');
}, 30_000);

test('a create whose answer was lost is found in the channel: no second canvas', async () => {
  // Slack makes the canvas but answers after the client gave up.
  h.emulator.failNext('conversations.canvases.create', { hangMs: 5_100 });
  const row = await declare(h, 'UALICE', { title: 'Lost answer', severity: 'SEV3', commander: 'UALICE' });
  const ch = row.channel_id;
  await redraw();
  expect(creates(ch)).toHaveLength(1);
  const canvas = h.emulator.canvasIn(ch);
  expect(canvas).toBeDefined();
  expect(await storedCanvas(row.id)).toBeUndefined();

  // The retry finds the canvas through conversations.info and draws on it, stored from then on.
  await redraw(2_000);
  expect(creates(ch)).toHaveLength(1);
  expect(canvasesIn(ch)).toHaveLength(1);
  expect(
    ws()
      .callsTo('conversations.info')
      .some((c) => c.args.channel === ch),
  ).toBe(true);
  expect(await storedCanvas(row.id)).toBe(canvas!.id);
  expect(edits(canvas!.id).at(-1)?.ok).toBe(true);

  await run(h, 'UALICE', ch, 'status investigating');
  await redraw();
  expect(creates(ch)).toHaveLength(1);
  expect(markdownOf(ch)).toContain('**Status:** Investigating');
}, 40_000);

test('a channel that has a canvas already (channel_canvas_already_exists) gets it adopted, not a second one', async () => {
  const row = await declare(h, 'UALICE', { title: 'Canvas already there', severity: 'SEV3', commander: 'UALICE' });
  const ch = row.channel_id;
  const now = Math.floor(Date.now() / 1000);
  ws().canvases.set('FPERSON', {
    id: 'FPERSON',
    channel: ch,
    title: '',
    markdown: 'notes',
    created: now,
    edits: 0,
    updated: now,
  });
  await redraw();
  expect(creates(ch).map((c) => c.error)).toEqual(['channel_canvas_already_exists']);
  expect(markdownOf(ch)).toContain(`INC-${row.number}: Canvas already there`);
  expect(canvasesIn(ch)).toHaveLength(1);
}, 30_000);

test('a canvas someone deleted is made again at the next change, and stored in its place', async () => {
  const { row, ch, canvasId } = await withCanvas('Deleted canvas');
  ws().canvases.delete(canvasId);
  await run(h, 'UALICE', ch, 'status investigating');
  await redraw();
  expect(edits(canvasId).at(-1)?.error).toBe('canvas_not_found');
  const again = h.emulator.canvasIn(ch);
  expect(again?.id).not.toBe(canvasId);
  expect(again?.markdown).toContain('**Status:** Investigating');
  expect(await storedCanvas(row.id)).toBe(again?.id);
  expect(creates(ch)).toHaveLength(2);
}, 30_000);

test('a private incident’s canvas is in its private channel, and nowhere else', async () => {
  const before = ws().canvases.size;
  const row = await declared('Leaked credentials', { private: true });
  const ch = row.channel_id;
  expect(ws().channels.get(ch)?.isPrivate).toBe(true);
  expect(ws().canvases.size).toBe(before + 1);
  expect(h.emulator.canvasIn(ch)).toBeDefined();
  expect(markdownOf(ch)).toContain('Private incident');
  expect(creates().filter((c) => String(JSON.stringify(c.args)).includes('Leaked credentials'))).toEqual(creates(ch));
  for (const other of ws().canvases.values())
    if (other.channel !== ch) expect(other.markdown).not.toContain('Leaked credentials');
}, 30_000);

test('a title made of markdown and links shows as text: the canvas keeps its shape', async () => {
  const title = '# [click](javascript:alert(1)) **boom** <@UBOB> | --- `x`';
  const row = await declared(title);
  const md = markdownOf(row.channel_id);
  const heading = md.split('\n')[0];
  expect(heading.startsWith(`# INC-${row.number}: `)).toBe(true);
  expect(heading).not.toMatch(/[^\\]\[click\]\(/);
  expect(heading).toContain('\\[click\\]');
  expect(heading).toContain('\\*\\*boom\\*\\*');
  // Roles, latest update, key timeline, follow-ups, links: the title added none.
  expect(md.match(/^#{1,3} /gm)).toHaveLength(6);
}, 30_000);

test('a drill’s canvas says it is a drill', async () => {
  const view = await openDeclare(h, 'UALICE', 'CGENERAL', 'Failover rehearsal', 'drill');
  const res = await h.emulator.submitView({
    user: 'UALICE',
    viewId: view.id,
    values: declareValues({ commander: 'UALICE' }),
  });
  expect(formAnswer(res)).toContain('is declared');
  const row = await declaredFrom(h, view.id);
  await redraw();
  const md = markdownOf(row.channel_id);
  expect(md).toContain(`# \\[DRILL\\] INC-${row.number}`);
  expect(md).toContain('This is a drill');
}, 30_000);

describe('a workspace that refuses canvases', () => {
  afterEach(async () => {
    h.emulator.setCanvasPlan('paid');
    ws().revokedScopes.clear();
    await h.db.deleteFrom('canvas_refusals').execute();
  });

  test.each([
    ['a free plan', () => h.emulator.setCanvasPlan('free'), 'team_tier_cannot_create_channel_canvases'],
    ['canvases turned off', () => h.emulator.setCanvasPlan('disabled'), 'canvas_disabled_user_team'],
    ['no canvases:write scope', () => h.emulator.revokeScope('canvases:write'), 'missing_scope'],
  ])(
    '%s: the pinned header only, and exactly one attempt for every incident after',
    async (_name, refuse, code) => {
      refuse();
      const first = creates().length;
      const editsBefore = ws().callsTo('canvases.edit').length;
      const one = await declared('Refused canvas one');
      expect(
        creates()
          .slice(first)
          .map((c) => c.error),
      ).toEqual([code]);
      expect(h.emulator.canvasIn(one.channel_id)).toBeUndefined();
      // The header it keeps today is there.
      expect(ws().pins.get(one.channel_id)?.length).toBeGreaterThan(0);
      const refusal = await h.db.selectFrom('canvas_refusals').selectAll().executeTakeFirstOrThrow();
      expect(refusal.error).toBe(code);

      await run(h, 'UALICE', one.channel_id, 'status investigating');
      const two = await declared('Refused canvas two');
      await run(h, 'UALICE', two.channel_id, 'severity 1');
      await redraw(60_000);
      expect(creates().slice(first)).toHaveLength(1);
      expect(ws().callsTo('canvases.edit')).toHaveLength(editsBefore);
      expect(h.emulator.canvasIn(two.channel_id)).toBeUndefined();
      // Nothing is left owed: the refusal is not retried.
      const owed = await h.db
        .selectFrom('outbox')
        .select('id')
        .where('lane', 'like', 'canvas:%')
        .where('status', '=', 'pending')
        .execute();
      expect(owed).toHaveLength(0);
    },
    40_000,
  );
});
