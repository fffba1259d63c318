import { signedHeaders } from '@firebreak/slack-emulator/client';
import { viewSubmission } from '@firebreak/slack-emulator/payloads';
import { buildStateValues } from '@firebreak/slack-emulator/view-state';
import type { EphemeralRecord, ViewRecord } from '@firebreak/slack-emulator/workspace';
import { ReviewCliError, reviewDocument } from '../../../src/cli/review';
import { DECLARE_FIELDS as F } from '../../../src/features/incidents/incidents.ids';
import { REVIEW_DRAFT, reviewBlockId } from '../../../src/features/review/review.ids';
import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import { escapeUserText } from '../../../src/kernel/slack/mrkdwn';
import {
  addedRows,
  allStrings,
  BAD_INPUTS,
  type Delta,
  FOREIGN_USER,
  inputNamed,
  isSlackWrite,
  leaks,
  mrkdwnOf,
  rowDelta,
  type Snapshot,
  snapshot,
  TABLES,
  type Table,
  unwantedPings,
} from '../../support/bad-inputs';
import {
  declare,
  declareAndResolve,
  declareValues,
  type Harness,
  openDeclare,
  run,
  SIGNING_SECRET,
  startHarness,
  TestClock,
} from '../../support/harness';

// Every subcommand and modal field against awkward and hostile text. Each attempt
// must (a) answer the person clearly, (b) change exactly what it should and nothing
// else (rows and Slack), and (c) never turn typed text into a ping.

const clock = new TestClock();
let h: Harness;
/** A resolved SEV2 incident (review required): most subcommands are refused or read-only on it. */
let target: Awaited<ReturnType<typeof declareAndResolve>>;

beforeAll(async () => {
  // A hand-moved clock keeps the scheduler still, so reminder rows only change when a command changes them.
  h = await startHarness({ clock });
  target = await declareAndResolve(h, 'UALICE', { title: 'Bad input target' });
}, 30_000);
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const ALICE = 'UALICE';
const OUTSIDE = 'CGENERAL';

const none: Delta = { added: 0, removed: 0 };
const added = (n: number): Delta => ({ added: n, removed: 0 });
const removed = (n: number): Delta => ({ added: 0, removed: n });
const changed = (n: number): Delta => ({ added: n, removed: n });

interface Outcome {
  /** What the person is told (ack, ephemeral or the modal that opened). */
  says: RegExp;
  /** Rows added/removed per table; tables not named must not change. 'any' for bookkeeping a change legitimately touches. */
  db?: Partial<Record<Table, Delta | 'any'>>;
  /** Whether Slack may change (posts, edits, invites); otherwise nothing there may. */
  slack?: boolean;
}

interface Attempt {
  status: number;
  before: Snapshot;
  after: Snapshot;
  ephemerals: EphemeralRecord[];
  views: ViewRecord[];
  /** New messages in the channel the command ran in: where quiet successes answer. */
  posted: { text: string; blocks?: unknown }[];
}

/** Runs `/incident <text>` and records everything the bot did because of it. */
async function attempt(user: string, channel: string, text: string): Promise<Attempt> {
  const before = await snapshot(h);
  const seen = ws().messagesIn(channel).length;
  const res = await h.emulator.command({ user, channel, text });
  await h.bot.idle();
  return { status: res.status, posted: ws().messagesIn(channel).slice(seen), ...(await since(before, user)) };
}

async function since(before: Snapshot, user: string) {
  const after = await snapshot(h);
  return {
    before,
    after,
    ephemerals: ws()
      .ephemerals.slice(before.ephemerals)
      .filter((e) => e.user === user),
    views: [...ws().views.values()].filter((v) => !before.views.has(v.id) && v.user === user),
  };
}

/** (b) and (c) for anything that happened since `before`: rows, Slack writes, Slack errors, pings and leaks. */
function expectOnlyExpectedEffects(a: Omit<Attempt, 'status' | 'posted'>, o: Pick<Outcome, 'db' | 'slack'>) {
  const delta = rowDelta(a.before, a.after);
  const wanted = Object.fromEntries(
    TABLES.map((t) => {
      const e = o.db?.[t] ?? none;
      return [t, e === 'any' ? delta[t] : e];
    }),
  );
  expect(delta).toEqual(wanted);

  const calls = ws().calls.slice(a.before.calls);
  if (!o.slack) {
    expect(calls.filter((c) => isSlackWrite(c.method)).map((c) => c.method)).toEqual([]);
    expect(a.after.slack).toBe(a.before.slack);
  }
  // Slack accepted everything the bot sent (no invalid_blocks, no user_not_found…). A failed users.info is
  // the one expected refusal: the review shows a mentioned stranger's raw id instead of a name, by design.
  expect(calls.filter((c) => !c.ok && c.method !== 'users.info').map((c) => `${c.method}: ${c.error}`)).toEqual([]);
  expect(
    ws()
      .deliveries.slice(a.before.deliveries)
      .filter((d) => d.ackError)
      .map((d) => d.ackError),
  ).toEqual([]);
  expect(a.views.filter((v) => v.ackError).map((v) => v.ackError)).toEqual([]);

  const rendered = [
    ...calls.flatMap((c) => mrkdwnOf(c.args as Record<string, unknown>)),
    ...a.ephemerals.flatMap((e) => mrkdwnOf(e)),
    ...a.views.flatMap((v) => mrkdwnOf({ blocks: v.view.blocks })),
  ];
  expect(unwantedPings(rendered, ws())).toEqual([]);
  const everything = [
    ...allStrings(calls.map((c) => c.args)),
    ...allStrings(a.ephemerals),
    ...allStrings(a.views.map((v) => v.view)),
  ];
  expect(everything.flatMap(leaks)).toEqual([]);
}

/** (a): HTTP 200 and a non-empty answer the person can see, saying the expected thing. */
function expectAnswer(a: Attempt, o: Outcome) {
  expect(a.status).toBe(200);
  const shown = [
    ...a.ephemerals.map((e) => `${e.text}\n${JSON.stringify(e.blocks ?? [])}`),
    ...a.views.map((v) => `${v.view.title?.text}\n${JSON.stringify(v.view.blocks ?? [])}`),
    ...(o.slack ? a.posted.map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`) : []),
  ].join('\n');
  expect(shown.trim()).not.toBe('');
  expect(shown).toMatch(o.says);
}

function expectClean(a: Attempt, o: Outcome) {
  expectAnswer(a, o);
  expectOnlyExpectedEffects(a, o);
}

const isBlank = (s: string) => !s.trim();
/** The longest start of `s` within `max` UTF-16 units that does not cut a character in two. */
function wholeCharacters(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
const TEXT_INPUTS = BAD_INPUTS.filter(([, text]) => !isBlank(text));

// ---------------------------------------------------------------------------
// Every subcommand × every input, in an incident channel and outside one.

type Where = 'incident' | 'outside';
interface Ctx {
  number: number;
  subscribed: boolean;
}
type Oracle = (input: string, where: Where, ctx: Ctx) => Outcome;

const NOT_HERE: Outcome = { says: /works inside an incident channel/ };
const HELP = /Firebreak: run incidents from Slack/;
const usage = (topic: string): Outcome => ({ says: new RegExp(`Usage: \`/incident ${topic}`) });
const inside = (where: Where, o: Outcome): Outcome => (where === 'incident' ? o : NOT_HERE);
/** Subcommands that take no words refuse any (so `close INC-7` cannot close this incident instead). */
const bare =
  (o: (w: Where) => Outcome): Oracle =>
  (i, w) =>
    isBlank(i) ? o(w) : { says: /Too much after the command/ };
const STRANGER = '<@UMALLORY';

/** The subcommand word, and what `/incident <word> <input>` must do. '' runs the input itself as the subcommand. */
const SUBCOMMANDS: [word: string, oracle: Oracle][] = [
  ['', (i) => (isBlank(i) ? { says: HELP } : { says: /I don't know `/ })],
  ['dance', () => ({ says: /I don't know `dance`/ })],
  ['help', () => ({ says: HELP })],
  ['declare', () => ({ says: /Declare an incident/ })],
  ['list', bare(() => ({ says: /Open incidents|No open incidents/ }))],
  [
    'status',
    (i, w, c) => (isBlank(i) ? inside(w, { says: new RegExp(`INC-${c.number}: Resolved`) }) : usage('status')),
  ],
  ['severity', () => usage('severity')],
  ['role', () => usage('role')],
  ['invite', () => usage('invite')],
  ['resolve', (_i, w) => inside(w, { says: /already \*Resolved\*\. Nothing was changed/ })],
  ['cancel', (_i, w) => inside(w, { says: /cannot move to \*Cancelled\*/ })],
  ['close', bare((w) => inside(w, { says: /needs a post-incident review before closing/ }))],
  [
    'timeline',
    (i, w, c) => (isBlank(i) ? inside(w, { says: new RegExp(`Key timeline of INC-${c.number}`) }) : usage('timeline')),
  ],
  [
    'followups',
    (i, w, c) =>
      bare((wh) => inside(wh, { says: new RegExp(`Follow-ups of INC-${c.number}|INC-${c.number} has no follow-ups`) }))(
        i,
        w,
        c,
      ),
  ],
  ['review', (i, w, c) => bare((wh) => inside(wh, { says: new RegExp(`Review INC-${c.number}`) }))(i, w, c)],
  ['update', (_i, w, c) => inside(w, { says: new RegExp(`Update INC-${c.number}`) })],
  [
    'note',
    (i, w) =>
      isBlank(i)
        ? usage('note')
        : inside(w, { says: /added a note to the key timeline/, db: { timeline_entries: added(1) }, slack: true }),
  ],
  [
    'followup',
    (i, w) =>
      isBlank(i)
        ? usage('followup')
        : i.includes(STRANGER)
          ? { says: /can't find `UMALLORY`/ }
          : inside(w, { says: /added a follow-up/, db: { followups: added(1), reminders: 'any' }, slack: true }),
  ],
  [
    'subscribe',
    (i, w, c) =>
      bare((wh) => inside(wh, { says: /by DM/, db: { incident_subscribers: added(c.subscribed ? 0 : 1) } }))(i, w, c),
  ],
  [
    'unsubscribe',
    (i, w, c) =>
      bare((wh) => inside(wh, { says: /no longer get/, db: { incident_subscribers: removed(c.subscribed ? 1 : 0) } }))(
        i,
        w,
        c,
      ),
  ],
];

const MATRIX = SUBCOMMANDS.flatMap(([word, oracle]) =>
  BAD_INPUTS.map(([name, input]) => [word || '(the input itself)', name, word, input, oracle] as const),
);

describe.each([
  ['in an incident channel', 'incident'],
  ['outside an incident channel', 'outside'],
] as const)('every subcommand %s', (_where, where) => {
  test.each(MATRIX)('/incident %s with %s', async (_label, _name, word, input, oracle) => {
    const channel = where === 'incident' ? target.channel_id : OUTSIDE;
    const subscribed = !!(await h.db
      .selectFrom('incident_subscribers')
      .select('user_id')
      .where('incident_id', '=', target.id)
      .where('user_id', '=', ALICE)
      .executeTakeFirst());
    const expected = oracle(input, where, { number: target.number, subscribed });
    const a = await attempt(ALICE, channel, word ? `${word} ${input}` : input);
    expectClean(a, expected);

    if (word === 'note' && expected.db) {
      const [entry] = addedRows(a.before, a.after, 'timeline_entries');
      expect(entry).toMatchObject({
        incident_id: Number(target.id),
        kind: 'note',
        author: ALICE,
        text: input.trim(),
        key: true,
      });
    }
    if (word === 'followup' && expected.db) {
      const [f] = addedRows(a.before, a.after, 'followups');
      expect(f).toMatchObject({ incident_id: Number(target.id), created_by: ALICE, source: 'command', due: null });
      expect(String(f.text)).not.toBe('');
    }
    if (word === 'declare') {
      // The title is offered as typed (within the field's limit); an empty one is left for the person to fill.
      const title = a.views[0].view.blocks?.find((b) => b.block_id === F.title.block)?.element;
      expect(title?.initial_value).toBe(isBlank(input) ? undefined : wholeCharacters(input.trim(), 3000));
    }
  });
});

// ---------------------------------------------------------------------------
// Free text that legitimately changes something: stored as typed, shown escaped.

describe('free text that is recorded and posted', () => {
  test.each(TEXT_INPUTS)(
    '%s as a status message, an update, a resolve message and a cancel reason',
    async (_name, input) => {
      const typed = input.trim();
      const shownStart = escapeUserText(typed).slice(0, 200);
      const row = await declare(h, ALICE, { title: 'Free text', severity: 'SEV3', commander: ALICE });
      const ch = row.channel_id;
      const lastIn = (channel: string) => ws().messagesIn(channel).at(-1)!;

      const moved = await attempt(ALICE, ch, `status investigating ${input}`);
      expectClean(moved, {
        says: /changed the status from \*Triage\* to \*Investigating\*/,
        db: { incidents: changed(1), incident_events: added(1), reminders: 'any' },
        slack: true,
      });
      const [statusEvent] = addedRows(moved.before, moved.after, 'incident_events');
      expect(statusEvent.data).toEqual({ from: 'triage', to: 'investigating', message: typed });
      expect(lastIn(ch).text).toContain(shownStart);

      const opened = await attempt(ALICE, ch, `update ${input}`);
      expectClean(opened, { says: new RegExp(`Update INC-${row.number}`) });
      const view = opened.views[0];
      const prefill = view.view.blocks?.find((b) => b.block_id === U.text.block)?.element?.initial_value ?? '';
      expect(typed.startsWith(prefill)).toBe(true);
      const before = await snapshot(h);
      const submitted = await h.emulator.submitView({ user: ALICE, viewId: view.id, values: {} });
      expect(submitted.body).toBe('');
      await h.bot.idle();
      expectOnlyExpectedEffects(await since(before, ALICE), {
        db: { incidents: changed(1), timeline_entries: added(1), reminders: 'any' },
        slack: true,
      });
      const posted = ws().messagesIn('CINCIDENTS').at(-1)!;
      expect(posted.text).toContain(`Update on INC-${row.number}`);
      expect(posted.text).toContain(escapeUserText(prefill).slice(0, 200));

      const resolved = await attempt(ALICE, ch, `resolve ${input}`);
      expectClean(resolved, {
        says: /resolved the incident/,
        db: { incidents: changed(1), incident_events: added(1), reminders: 'any' },
        slack: true,
      });
      expect(addedRows(resolved.before, resolved.after, 'incident_events')[0].data).toMatchObject({
        to: 'resolved',
        message: typed,
      });
      expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).toContain(shownStart);

      const other = await declare(h, ALICE, { title: 'Free text cancel', severity: 'SEV4' });
      const cancelled = await attempt(ALICE, other.channel_id, `cancel ${input}`);
      expectClean(cancelled, {
        says: /cancelled the incident as a false alarm/,
        db: { incidents: changed(1), incident_events: added(1), reminders: 'any' },
        slack: true,
      });
      expect(addedRows(cancelled.before, cancelled.after, 'incident_events')[0].data).toMatchObject({
        to: 'cancelled',
        message: typed,
      });
      expect(lastIn(other.channel_id).text).toContain(shownStart);
    },
  );
});

// ---------------------------------------------------------------------------
// A subcommand that takes no argument must not act on this incident when another one is named.
// Known bug, reported: `close <anything>` ignores the words and closes and archives this incident.

test.each([
  ['an unknown incident number', 'close INC-99999999999'],
  ['another incident', 'close INC-1'],
  ['SQL', "close '; DROP TABLE incidents; --"],
])('close with %s after it closes nothing', async (_name, text) => {
  // SEV4 needs no review: a bare `close` here would close and archive it.
  const row = await declareAndResolve(h, ALICE, { title: 'Closable', severity: 'SEV4' });
  const a = await attempt(ALICE, row.channel_id, text);
  const after = await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
  expect(after.status).toBe('resolved');
  expect(ws().channels.get(row.channel_id)!.isArchived).toBe(false);
  expectClean(a, { says: /Too much after the command|Usage: `\/incident close/ });
});

// ---------------------------------------------------------------------------
// People: unknown users, the bot, and the valid forms (exactly their change).

describe('people in role, invite and followup', () => {
  const refused = (says: RegExp): Outcome => ({ says });
  // Someone not in the workspace (a typo'd id, a deleted or external account) must be refused by name.
  // Known bug, reported: role, invite and followup accept such ids today (see the suite's report).
  const CASES: [string, string, Outcome][] = [
    [
      'role for someone not in the workspace',
      'role comms <@UNOBODY>',
      refused(/UNOBODY|not .*(found|in this workspace)|cannot find|can't find/i),
    ],
    ['role for the bot', 'role commander <@UBOT>', refused(/Roles go to people, not to Firebreak/)],
    ['role for two people', 'role comms <@UBOB> <@UCAROL>', refused(/Too much after the command/)],
    ['role with a typed @name', 'role comms @bob', refused(/not a Slack mention/)],
    ['role with an unknown role', "role '; DROP TABLE incidents; -- <@UBOB>", refused(/Usage: `\/incident role/)],
    [
      'a valid role',
      'role scribe <@UBOB|bob>',
      {
        says: /made <@UBOB> the \*scribe\*/,
        db: { incidents: changed(1), incident_events: added(1), incident_participants: added(1), reminders: 'any' },
        slack: true,
      },
    ],
    [
      'invite someone not in the workspace',
      'invite <@UNOBODY>',
      refused(/UNOBODY|not .*(found|in this workspace)|cannot find|can't find/i),
    ],
    ['invite the bot', 'invite <@UBOT>', refused(/Mention at least one person/)],
    [
      'invite one person twice',
      'invite <@UCAROL> <@UCAROL|carol>',
      { says: /invited <@UCAROL>\./, db: { incident_events: added(1), incident_participants: added(1) }, slack: true },
    ],
    [
      'a follow-up owned by someone not in the workspace',
      'followup Rotate the keys <@UNOBODY>',
      refused(/UNOBODY|not .*(found|in this workspace)|cannot find|can't find/i),
    ],
    [
      'a follow-up that is only an owner and a date',
      'followup <@UBOB> due 2026-12-01',
      refused(/Usage: `\/incident followup/),
    ],
    [
      'a follow-up due on a day that does not exist',
      'followup Patch it due 2026-02-30',
      refused(/2026-02-30.*is not a date/),
    ],
    ['a follow-up due on an SQL string', "followup Patch it due '--", refused(/is not a date/)],
  ];

  // One incident per case: an accepted bad value must not leak into the next case's header.
  test.each(CASES)('%s', async (_name, text, outcome) => {
    const ops = await declare(h, ALICE, { title: 'People checks', severity: 'SEV3', commander: ALICE });
    const a = await attempt(ALICE, ops.channel_id, text);
    expectClean(a, outcome);
    const row = await h.db.selectFrom('incidents').selectAll().where('id', '=', ops.id).executeTakeFirstOrThrow();
    const members = ws().channels.get(ops.channel_id)!.members;
    if (text.startsWith('role scribe')) {
      expect(row).toMatchObject({ scribe_id: 'UBOB', comms_id: null, commander_id: ALICE });
      expect(members).toContain('UBOB');
      expect(ws().dmsTo('UBOB').at(-1)!.text).toContain('made you the *scribe*');
    } else if (text.startsWith('invite <@UCAROL>')) {
      expect(members).toContain('UCAROL');
      expect(ws().callsTo('conversations.invite').slice(-1)[0].args.users).toBe('UCAROL');
    } else {
      expect(row).toMatchObject({ scribe_id: null, comms_id: null, commander_id: ALICE });
    }
  });
});

// ---------------------------------------------------------------------------
// Modals: field errors keyed by the right block, and nothing saved.

/** Submits a view as a client that skips Slack's own checks would (empty required fields, over-long text, options not offered). */
async function submitRaw(
  user: string,
  viewId: string,
  values: Record<string, unknown>,
  override: Record<string, Record<string, unknown>> = {},
) {
  const rec = ws().views.get(viewId)!;
  const state = buildStateValues(rec.view.blocks ?? [], values, { closing: true }) as Record<
    string,
    Record<string, Record<string, unknown>>
  >;
  for (const [block, entry] of Object.entries(override)) {
    const action = Object.keys(state[block])[0];
    state[block][action] = { ...state[block][action], ...entry };
  }
  const payload = viewSubmission(ws(), rec, state, ws().issueTrigger(user));
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'));
}

type Submit = (viewId: string) => Promise<{ status: number; body: unknown }>;

/** A refused submission: HTTP 200, errors only on the named input blocks, nothing saved, the modal still open. */
async function expectFieldErrors(viewId: string, submit: Submit, errors: Record<string, RegExp>) {
  const before = await snapshot(h);
  const res = await submit(viewId);
  await h.bot.idle();
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, expect.stringMatching(v)])),
  });
  const inputs = (ws().views.get(viewId)!.view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.block_id);
  for (const key of Object.keys(errors)) expect(inputs).toContain(key);
  for (const text of Object.values((res.body as { errors: Record<string, string> }).errors))
    expect(leaks(text)).toEqual([]);
  expectOnlyExpectedEffects({ ...(await since(before, ALICE)), views: [] }, {});
  expect(ws().views.get(viewId)!.isOpen).toBe(true);
}

const viaClient =
  (values: Record<string, unknown>): Submit =>
  (viewId) =>
    h.emulator.submitView({ user: ALICE, viewId, values });
const viaRaw =
  (values: Record<string, unknown>, override?: Record<string, Record<string, unknown>>): Submit =>
  (viewId) =>
    submitRaw(ALICE, viewId, values, override);
const LONG = inputNamed('5,000 characters');

describe('the declare modal', () => {
  const CASES: [string, Submit, Record<string, RegExp>][] = [
    ['a title of only spaces', viaClient(declareValues({ title: '   ' })), { [F.title.block]: /title/ }],
    ['a title of only newlines and tabs', viaClient(declareValues({ title: '\n\t\n' })), { [F.title.block]: /title/ }],
    ['an empty title past the client', viaRaw(declareValues({ title: '' })), { [F.title.block]: /title/ }],
    [
      'a 5,000-character title past the client',
      viaRaw(declareValues({ title: LONG })),
      { [F.title.block]: /150 characters or fewer/ },
    ],
    [
      'a 5,000-character summary past the client',
      viaRaw(declareValues({ title: 'Long summary', summary: LONG })),
      { [F.summary.block]: /under 3000 characters/ },
    ],
    [
      'a severity that does not exist',
      viaRaw(declareValues({ title: 'Odd severity' }), {
        [F.severity.block]: { selected_option: { value: "SEV0'; --" } },
      }),
      { [F.severity.block]: /SEV1 to SEV4/ },
    ],
    [
      'a category not in the list',
      viaRaw(declareValues({ title: 'Odd category' }), { [F.category.block]: { selected_option: { value: '%_\\' } } }),
      { [F.category.block]: /category from the list/ },
    ],
    [
      'the bot as commander',
      viaClient(declareValues({ title: 'Bot in charge', commander: 'UBOT' })),
      { [F.commander.block]: /person/ },
    ],
    // Known bug, reported: accepted today; the channel topic and announcement then name <@UNOBODY>.
    [
      'a commander who is not in the workspace',
      viaClient(declareValues({ title: 'Ghost in charge', commander: 'UNOBODY' })),
      { [F.commander.block]: /person|find|workspace/i },
    ],
  ];
  test.each(CASES)('%s is a field error and declares nothing', async (_name, submit, errors) => {
    const view = await openDeclare(h, ALICE);
    await expectFieldErrors(view.id, submit, errors);
  });

  test.each(TEXT_INPUTS.filter(([name]) => !name.startsWith('5,000')))(
    'a title and summary with %s are kept as typed and ping no one',
    async (_name, input) => {
      const before = await snapshot(h);
      const row = await declare(h, ALICE, { title: input, summary: input, severity: 'SEV4' });
      expect(row).toMatchObject({ title: input.trim(), summary: input.trim() });
      expect(row.channel_name).toMatch(new RegExp(`^inc-${row.number}(-[a-z0-9_-]+)?$`));
      expect(row.channel_name.length).toBeLessThanOrEqual(80);
      const a = await since(before, ALICE);
      expectOnlyExpectedEffects(a, {
        db: { incidents: added(1), incident_events: added(1), incident_participants: 'any', reminders: 'any' },
        slack: true,
      });
    },
  );
});

describe('the review modal', () => {
  let row: Awaited<ReturnType<typeof declareAndResolve>>;
  let viewId: string;
  // A fresh resolved incident each time, so a wrongly accepted review cannot shape the next test.
  beforeEach(async () => {
    row = await declareAndResolve(h, ALICE, { title: 'Review checks' });
    const seen = new Set(ws().views.keys());
    await run(h, ALICE, row.channel_id, 'review');
    viewId = (await h.emulator.waitFor(() =>
      ws()
        .openViews(ALICE)
        .find((v) => !seen.has(v.id)),
    ))!.id;
  });

  const items = (text: string) => ({ actionItems: text });
  const ITEMS = reviewBlockId('actionItems');
  const CASES: [string, Submit, Record<string, RegExp>][] = [
    [
      'a due date that does not exist',
      viaClient(items('Fix the pager due 2026-02-30')),
      { [ITEMS]: /Line 1: .*2026-02-30.* is not a date/ },
    ],
    [
      'a due date in words',
      viaClient(items('Fix the pager\nAdd alerts due tomorrow')),
      { [ITEMS]: /Line 2: .*tomorrow/ },
    ],
    ['a due date with SQL in it', viaClient(items("Fix it due 2026-01-01';--")), { [ITEMS]: /is not a date/ }],
    [
      'an owner and a date but no action',
      viaClient(items('<@UBOB> due 2026-12-01')),
      { [ITEMS]: /Line 1 has an owner or date but no action/ },
    ],
    // Known bug, reported: accepted today; a follow-up is created for <@UNOBODY>.
    [
      'an owner who is not in the workspace',
      viaClient(items('Rotate the keys <@UNOBODY>')),
      { [ITEMS]: /UNOBODY|find|workspace/i },
    ],
  ];
  test.each(CASES)('%s is a field error and saves nothing', async (_name, submit, errors) => {
    await expectFieldErrors(viewId, submit, errors);
  });

  test('answers of only whitespace save as a draft with no action items', async () => {
    const blank = ' \n\t \n ';
    const before = await snapshot(h);
    const res = await h.emulator.submitView({
      user: ALICE,
      viewId,
      values: { summary: blank, rootCause: blank, actionItems: blank, [REVIEW_DRAFT.action]: [REVIEW_DRAFT.value] },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    const a = await since(before, ALICE);
    expectOnlyExpectedEffects(a, { db: { reviews: added(1) } });
    const [review] = addedRows(before, a.after, 'reviews');
    expect(review).toMatchObject({ status: 'draft', document: null });
    expect(Object.values(review.answers as Record<string, string>).every((v) => v === '')).toBe(true);
  });

  test('every answer at 3,000 characters of hostile text publishes, and pings no one', async () => {
    const hostile = TEXT_INPUTS.filter(([name]) => !name.startsWith('5,000')).map(([, t]) => t);
    const fill = (seed: string) => wholeCharacters(`${seed} `.repeat(3000), 3000);
    // Distinct whole lines (equal items are merged), so the last item is not cut mid-date.
    let actionItems = '';
    for (let i = 1; ; i++) {
      const line = `Add canary stage ${i} for <@UBOB> due 2026-12-15 <!channel>\n`;
      if (actionItems.length + line.length > 3000) break;
      actionItems += line;
    }
    actionItems += 'x'.repeat(3000 - actionItems.length);
    const answers = {
      summary: fill(hostile.join(' ')),
      customerImpact: fill(inputNamed('RTL text with U+202E')),
      rootCause: fill(inputNamed('SQL injection')),
      contributingFactors: fill(inputNamed('LIKE wildcards and backslashes')),
      detection: fill(inputNamed('broadcast mentions')),
      wentWell: fill(inputNamed('emoji and ZWJ sequences')),
      wentBadly: fill(inputNamed('a mention of someone outside the workspace').replace(FOREIGN_USER, 'UBOB')),
      lessons: fill(inputNamed('an unknown incident number')),
      actionItems,
    };
    for (const v of Object.values(answers)) expect(v.length).toBeGreaterThan(2990);
    const before = await snapshot(h);
    const res = await h.emulator.submitView({ user: ALICE, viewId, values: answers });
    expect(res.body).toBe('');
    await h.bot.idle();
    const a = await since(before, ALICE);
    const lines = answers.actionItems.split('\n').filter((l) => l.trim()).length;
    expectOnlyExpectedEffects(a, { db: { reviews: 'any', followups: added(lines), reminders: 'any' }, slack: true });
    const review = await h.db
      .selectFrom('reviews')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(review.status).toBe('submitted');
    expect(review.document).toContain("'; DROP TABLE incidents; --");
    expect(review.document).toContain('مرحبا بالعالم');
    expect(await reviewDocument(h.database.url, `INC-${row.number}`)).toBe(review.document);
  });
});

describe('the update modal', () => {
  async function openUpdate(channel: string, text = 'Still looking') {
    const a = await attempt(ALICE, channel, `update ${text}`);
    expect(a.views).toHaveLength(1);
    return a.views[0].id;
  }

  const CASES: [string, Submit, Record<string, RegExp>][] = [
    ['text of only whitespace', viaClient({ [U.text.action]: ' \n\t ' }), { [U.text.block]: /Say what changed/ }],
    ['empty text past the client', viaRaw({ [U.text.action]: '' }), { [U.text.block]: /Say what changed/ }],
    [
      '5,000 characters past the client',
      viaRaw({ [U.text.action]: LONG }),
      { [U.text.block]: /under 3000 characters/ },
    ],
    [
      'a severity that does not exist',
      viaRaw({}, { [U.severity.block]: { selected_option: { value: 'SEV9' } } }),
      { [U.severity.block]: /SEV1 to SEV4/ },
    ],
    [
      'a status that does not exist',
      viaRaw({}, { [U.status.block]: { selected_option: { value: "fixed'; --" } } }),
      { [U.status.block]: /status/ },
    ],
    [
      'a next update that is not a duration',
      viaRaw({}, { [U.next.block]: { selected_option: { value: 'NaN' } } }),
      { [U.next.block]: /next update/ },
    ],
  ];
  test.each(CASES)('%s is a field error and posts nothing', async (_name, submit, errors) => {
    const row = await declare(h, ALICE, { title: 'Update checks', severity: 'SEV3', commander: ALICE });
    await expectFieldErrors(await openUpdate(row.channel_id), submit, errors);
  });

  test('a status the incident can no longer move to (it moved while the modal was open) is an error on Status', async () => {
    const row = await declare(h, ALICE, { title: 'Stale update', severity: 'SEV3', commander: ALICE });
    await run(h, ALICE, row.channel_id, 'status investigating');
    const viewId = await openUpdate(row.channel_id);
    await run(h, ALICE, row.channel_id, 'resolve');
    await expectFieldErrors(viewId, viaClient({ [U.status.action]: 'monitoring' }), {
      [U.status.block]: /cannot move to Monitoring\. Allowed next/,
    });
  });

  test('an update to an incident cancelled while the modal was open is refused', async () => {
    const row = await declare(h, ALICE, { title: 'Cancelled meanwhile', severity: 'SEV3', commander: ALICE });
    const viewId = await openUpdate(row.channel_id);
    await run(h, ALICE, row.channel_id, 'cancel');
    await expectFieldErrors(viewId, viaClient({ [U.status.action]: 'investigating' }), {
      [U.text.block]: /can no longer be changed/,
    });
  });
});

// ---------------------------------------------------------------------------
// `npm run review -- <ref>` with refs that are not incidents.

describe('npm run review with unknown incident numbers', () => {
  test.each([
    ['INC-0', /INC-0 does not exist/],
    ['INC-999999999', /INC-999999999 does not exist/],
    ['INC-99999999999', /is not an incident; write it like INC-42/],
    ['DROP TABLE', /"DROP TABLE" is not an incident; write it like INC-42/],
    ["INC-1'; DROP TABLE incidents; --", /is not an incident; write it like INC-42/],
    ['%_\\', /is not an incident/],
    ['', /write it like INC-42/],
    ['   ', /write it like INC-42/],
    ['-1', /is not an incident/],
  ])('%j is a clear error', async (ref, message) => {
    const before = await snapshot(h);
    const failure = await reviewDocument(h.database.url, ref).then(
      () => new Error('no error'),
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ReviewCliError);
    expect((failure as Error).message).toMatch(message);
    expect(leaks((failure as Error).message)).toEqual([]);
    expect(rowDelta(before, await snapshot(h))).toEqual(Object.fromEntries(TABLES.map((t) => [t, none])));
  });
});
