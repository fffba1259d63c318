import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { signedHeaders } from '@firebreak/slack-emulator/client';
import {
  blockActions,
  homeBlockActions,
  messageAction,
  modalBlockActions,
  viewSubmission,
} from '@firebreak/slack-emulator/payloads';
import { buildStateValues } from '@firebreak/slack-emulator/view-state';
import type { ViewRecord } from '@firebreak/slack-emulator/workspace';
import { sql } from 'kysely';
import type { AlertSource } from '../../../src/domain/alerts';
import { DEFAULT_ALERT_SEVERITIES } from '../../../src/domain/alerts';
import * as alertIds from '../../../src/features/alerts/alerts.ids';
import * as feedbackIds from '../../../src/features/feedback/feedback.ids';
import * as followupIds from '../../../src/features/followups/followups.ids';
import * as homeIds from '../../../src/features/home/home.ids';
import * as incidentIds from '../../../src/features/incidents/incidents.ids';
import * as recoveryIds from '../../../src/features/recovery/recovery.ids';
import * as reviewIds from '../../../src/features/review/review.ids';
import * as statusPageIds from '../../../src/features/status-page/status-page.ids';
import * as timelineIds from '../../../src/features/timeline/timeline.ids';
import * as updateIds from '../../../src/features/updates/updates.ids';
import { parsePolicy } from '../../../src/kernel/config/policy-file';
import type { SlackDeps } from '../../../src/kernel/slack/deps';
import * as kernelIds from '../../../src/kernel/slack/ids';
import type { Listeners } from '../../../src/kernel/slack/listener-router';
import { leaks, type Snapshot, snapshot } from '../../support/bad-inputs';
import {
  declare,
  declareAndResolve,
  declareValues,
  type Harness,
  handedBackAsSimilar,
  run,
  SIGNING_SECRET,
  startHarness,
  TestClock,
} from '../../support/harness';
import { GUIDED_POLICY } from '../../support/recovery-policy';

// Every form and button a forged request could aim at, whichever feature owns it.
const ids = {
  ...kernelIds,
  ...incidentIds,
  ...reviewIds,
  ...timelineIds,
  ...followupIds,
  ...homeIds,
  ...updateIds,
  ...recoveryIds,
  ...feedbackIds,
  ...alertIds,
  ...statusPageIds,
};

// A Slack client, or anyone holding one signed request, can change a button's
// value, the channel a click names, or a modal's state and private_metadata.
// For every action, view and shortcut Firebreak registers, this forges what the
// payload names and checks the bot refuses clearly and changes nothing, in the
// database or in Slack. The table is checked against the registered listeners,
// so a new action_id without forgeries fails here.

const ALICE = 'UALICE';
/** In the public incidents, never in the private one. */
const BOB = 'UBOB';
const FORM = 'application/x-www-form-urlencoded';

const clock = new TestClock();
let h: Harness;
const ws = () => h.emulator.workspace;

type Row = Awaited<ReturnType<typeof declare>>;
/** Public, resolved SEV2 (review required); Bob invited; a follow-up owned by Alice. */
let pub: Row;
/** Private SEV1 with a recovery checklist and a follow-up owned by Bob; Bob is not one of its people. */
let priv: Row;
/** Public SEV4, closed; Bob invited, so asked for feedback. */
let closedWithBob: Row;
/** Public SEV4, closed without Bob: he was never asked. */
let closedWithoutBob: Row;
let pubFollowup: number;
let privFollowup: number;
/** Public SEV3 still in triage, Bob invited. */
let other: Row;
/** Owned by Bob, in another public incident. */
let otherFollowup: number;
/** Public SEV3 investigating, commanded by Alice, Bob invited: its header offers Resolve. */
let moving: Row;

/** Two sources that ask in the announcement channel before declaring (declare: ask). */
const askSource = (name: string): AlertSource => ({
  name,
  kind: 'alertmanager',
  secretEnv: `${name.toUpperCase()}_SECRET`,
  severityLabel: 'severity',
  severities: DEFAULT_ALERT_SEVERITIES,
  categoryLabel: null,
  declare: 'ask',
});
/** One incident type with a select field, for the declare form's Type select and fields. */
const TYPES = parsePolicy(`
types:
  security:
    fields:
      vector: { label: Attack vector, kind: select, options: [phishing, malware] }
  customer-facing:
    fields:
      customers: { label: Customers affected, kind: number }
`).types;
const ALERT_SECRETS = { asks: 'asks-secret-1234', other: 'other-secret-5678' };
const ANNOUNCEMENTS = 'CINCIDENTS';

beforeAll(async () => {
  h = await startHarness({
    clock,
    policy: { ...GUIDED_POLICY, alertSources: [askSource('asks'), askSource('other')], types: TYPES },
    alertSecrets: ALERT_SECRETS,
  });
  pub = await declareAndResolve(h, ALICE, { title: 'Public target' });
  await run(h, ALICE, pub.channel_id, `invite <@${BOB}>`);
  await run(h, ALICE, pub.channel_id, 'followup Rotate the keys <@UALICE>');
  priv = await declare(h, ALICE, {
    title: 'Secret data loss',
    severity: 'SEV1',
    category: 'Data',
    commander: ALICE,
    private: true,
  });
  await run(h, ALICE, priv.channel_id, `followup Audit access <@${BOB}>`);
  other = await declare(h, ALICE, { title: 'Other public', severity: 'SEV3', commander: ALICE });
  await run(h, ALICE, other.channel_id, `invite <@${BOB}>`);
  await run(h, ALICE, other.channel_id, `followup Clean up <@${BOB}>`);
  moving = await declare(h, ALICE, { title: 'Moving public', severity: 'SEV3', commander: ALICE });
  await run(h, ALICE, moving.channel_id, 'status investigating');
  await run(h, ALICE, moving.channel_id, `invite <@${BOB}>`);
  for (const [title, invite] of [
    ['Closed with Bob', true],
    ['Closed without Bob', false],
  ] as const) {
    const row = await declareAndResolve(h, ALICE, { title, severity: 'SEV4' });
    if (invite) await run(h, ALICE, row.channel_id, `invite <@${BOB}>`);
    await run(h, ALICE, row.channel_id, 'close');
    if (invite) closedWithBob = row;
    else closedWithoutBob = row;
  }
  const followups = await h.db.selectFrom('followups').select(['id', 'incident_id']).execute();
  pubFollowup = Number(followups.find((f) => Number(f.incident_id) === Number(pub.id))!.id);
  privFollowup = Number(followups.find((f) => Number(f.incident_id) === Number(priv.id))!.id);
  otherFollowup = Number(followups.find((f) => Number(f.incident_id) === Number(other.id))!.id);
  await h.bot.idle();
}, 60_000);
interface PostedPrompt {
  id: number;
  message: ReturnType<typeof lastBotMessage>;
}
/** Alert prompts in the announcement channel: still open; dismissed by Alice; another source's, still open. */
let openPrompt: PostedPrompt;
let dismissedPrompt: PostedPrompt;
let otherSourcePrompt: PostedPrompt;
/** Still open as stored, but Alice declared a private incident (Bob not in it) from its form. */
let privatePrompt: PostedPrompt;
/** Still open as stored; the incident Alice declared from it is resolved, its buttons still there. */
let overPrompt: PostedPrompt;

/** One Alertmanager notification of a new group, firing, from the example payload. */
async function fireAlert(sourceName: keyof typeof ALERT_SECRETS, alertname: string): Promise<PostedPrompt> {
  const payload = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../fixtures/alertmanager/example-v0.34-firing.json'), 'utf8'),
  ) as Record<string, unknown> & { alerts: { labels: object }[] };
  payload.groupKey = `{}:{alertname="${alertname}"}`;
  payload.groupLabels = { alertname };
  payload.commonLabels = { ...(payload.commonLabels as object), alertname };
  for (const a of payload.alerts) a.labels = { ...a.labels, alertname };
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/hooks/alerts/${sourceName}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ALERT_SECRETS[sourceName]}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  expect(await res.json()).toEqual({ ok: true, outcome: 'prompted' });
  await h.bot.idle();
  // The alerts feature's own table, outside the test's schema type.
  const newest = await sql<{ id: string; message_ts: string }>`
    select id, message_ts from alert_prompts order by id desc limit 1`.execute(h.db);
  const { id, message_ts } = newest.rows[0];
  return { id: Number(id), message: ws().findMessage(ANNOUNCEMENTS, message_ts)! };
}

const aliceClicks = (prompt: PostedPrompt, actionId: string) =>
  h.emulator.clickButton({ user: ALICE, channel: ANNOUNCEMENTS, messageTs: prompt.message.ts, actionId });

beforeAll(async () => {
  openPrompt = await fireAlert('asks', 'ForgeryOpen');
  otherSourcePrompt = await fireAlert('other', 'ForgeryOtherSource');
  dismissedPrompt = await fireAlert('asks', 'ForgeryDismissed');
  await aliceClicks(dismissedPrompt, ids.ALERT_DISMISS_BUTTON);
  privatePrompt = await fireAlert('asks', 'ForgeryPrivate');
  expect(await declareFrom(privatePrompt, 'ForgeryPrivate', { private: true })).toMatchObject({ is_private: true });
  overPrompt = await fireAlert('asks', 'ForgeryOver');
  const over = await declareFrom(overPrompt, 'ForgeryOver', { commander: ALICE });
  for (const step of ['status investigating', 'status monitoring', 'resolve Fixed'])
    await run(h, ALICE, over.channel_id!, step);
}, 60_000);

/** Alice declares from a prompt's form the honest way; returns the incident. */
async function declareFrom(prompt: PostedPrompt, alertName: string, values: Parameters<typeof declareValues>[0]) {
  const before = new Set(
    ws()
      .openViews(ALICE)
      .map((v) => v.id),
  );
  await aliceClicks(prompt, ids.ALERT_DECLARE_BUTTON);
  await h.bot.idle();
  const form = ws()
    .openViews(ALICE)
    .find((v) => !before.has(v.id) && v.view.callback_id === ids.DECLARE_MODAL)!;
  // The example alerts share a title, so the form may first offer to join the one declared before.
  const submit = () => h.emulator.submitView({ user: ALICE, viewId: form.id, values: declareValues(values) });
  if (handedBackAsSimilar((await submit()).body)) await submit();
  await h.bot.idle();
  return h.db.selectFrom('incidents').selectAll().where('alert_name', '=', alertName).executeTakeFirstOrThrow();
}

afterAll(async () => {
  await h?.stop();
  await new Promise((resolve) => elsewhere?.server.close(resolve));
});

/** An address that is not Slack's: a forged response_url must never be fetched. */
let elsewhere: { server: Server; url: string; hits: string[] };
beforeAll(async () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  // 127.0.0.2 is not the emulator's origin (127.0.0.1), though it is this machine.
  elsewhere = { server, url: `http://127.0.0.2:${(server.address() as AddressInfo).port}`, hits };
});
afterEach(() => expect(elsewhere.hits).toEqual([]));

// ---------------------------------------------------------------------------
// Sending forged requests, signed as Slack would sign them.

async function send(payload: unknown) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, FORM));
  await h.bot.idle();
  return res;
}

/** A bot message Bob can see in `channel`, to click on. */
const lastBotMessage = (channel: string) =>
  ws()
    .messagesIn(channel)
    .filter((m) => m.user === ws().botUserId)
    .at(-1)!;

/** Bob clicks a button in `clickedIn`, with the payload forged to name `names` and `value`. */
function click(
  actionId: string,
  value: string,
  clickedIn: string,
  names: string = clickedIn,
  message = lastBotMessage(clickedIn),
) {
  const responseUrl = ws().issueResponseUrl({
    channel: clickedIn,
    user: BOB,
    messageTs: message.ts,
    isEphemeral: false,
    followsReplies: false,
  }).url;
  const payload = blockActions(ws(), {
    user: BOB,
    channel: names,
    messageTs: message.ts,
    message,
    blockId: 'forged',
    element: { type: 'button', action_id: actionId, value, text: { type: 'plain_text', text: 'Done' } } as never,
    triggerId: ws().issueTrigger(BOB),
    responseUrl,
  });
  return send(payload);
}

function clickHome(actionId: string, value: string) {
  const view = { id: 'VFORGEDHOME', hash: 'h', blocks: [] };
  const element = { type: 'button', action_id: actionId, value, text: { type: 'plain_text', text: 'Done' } } as never;
  return send(
    homeBlockActions(ws(), { user: BOB, view, blockId: 'forged', element, triggerId: ws().issueTrigger(BOB) }),
  );
}

/** Bob's message shortcut `callbackId` on the last bot message of `channel` (one he may not be in), signed. */
function declareShortcutOn(callbackId: string, channel: string) {
  const responseUrl = ws().issueResponseUrl({ channel, user: BOB, isEphemeral: false, followsReplies: false }).url;
  return send(
    messageAction(ws(), {
      user: BOB,
      channel,
      message: lastBotMessage(channel),
      callbackId,
      triggerId: ws().issueTrigger(BOB),
      responseUrl,
    }),
  );
}

/** Opens a modal the honest way (a command or a button), for Bob. */
async function openModal(open: () => Promise<unknown>, callbackId: string): Promise<ViewRecord> {
  const before = new Set(
    ws()
      .openViews(BOB)
      .map((v) => v.id),
  );
  await open();
  await h.bot.idle();
  const view = ws()
    .openViews(BOB)
    .find((v) => !before.has(v.id) && v.view.callback_id === callbackId);
  if (!view) throw new Error(`no ${callbackId} modal opened for ${BOB}`);
  return view;
}

/** Submits `rec` with honest `values`, then overrides select values (by block id) and private_metadata as a forger would. */
function submitForged(
  rec: ViewRecord,
  values: Record<string, unknown>,
  forged: {
    selects?: Record<string, string>;
    metadata?: Record<string, unknown>;
    /** Whole fields added to the state, as a client could send for inputs the form never had. */
    state?: Record<string, Record<string, Record<string, unknown>>>;
  },
) {
  const state = {
    ...(buildStateValues(rec.view.blocks ?? [], values, { closing: true }) as Record<
      string,
      Record<string, Record<string, unknown>>
    >),
    ...forged.state,
  };
  for (const [block, value] of Object.entries(forged.selects ?? {})) {
    const action = Object.keys(state[block])[0];
    state[block][action] = {
      ...state[block][action],
      selected_option: { text: { type: 'plain_text', text: value }, value },
    };
  }
  const view = forged.metadata
    ? {
        ...rec.view,
        private_metadata: JSON.stringify({ ...JSON.parse(rec.view.private_metadata ?? '{}'), ...forged.metadata }),
      }
    : rec.view;
  return send(viewSubmission(ws(), { ...rec, view }, state, ws().issueTrigger(BOB)));
}

/** Submits `rec` with honest `values` plus blocks the view does not have (and maybe metadata), as a forger would. */
function submitWithExtraBlock(
  rec: ViewRecord,
  values: Record<string, unknown>,
  extra: Record<string, Record<string, unknown>>,
  metadata?: Record<string, unknown>,
) {
  const state = { ...buildStateValues(rec.view.blocks ?? [], values, { closing: true }), ...extra };
  const view = metadata
    ? {
        ...rec.view,
        private_metadata: JSON.stringify({ ...JSON.parse(rec.view.private_metadata ?? '{}'), ...metadata }),
      }
    : rec.view;
  return send(viewSubmission(ws(), { ...rec, view }, state as never, ws().issueTrigger(BOB)));
}
const vectorField = {
  update_field_vector: { field_vector: { type: 'static_select', selected_option: { value: 'phishing' } } },
};

/** Bob's declare form handed back because it looks like `other` (public, open), with its Join button. */
async function openSimilarForm(): Promise<ViewRecord> {
  const form = await openModal(
    () => h.emulator.command({ user: BOB, channel: 'CGENERAL', text: `declare ${other.title}` }),
    ids.DECLARE_MODAL,
  );
  await h.emulator.submitView({ user: BOB, viewId: form.id, values: {} });
  await h.bot.idle();
  const rec = ws().views.get(form.id)!;
  if (!JSON.stringify(rec.view.blocks).includes(ids.DECLARE_JOIN_BUTTON)) throw new Error('no similar incident shown');
  return rec;
}

/** Bob clicks *Join* in `rec` with the button's value, and maybe the form's offered list, forged. */
function joinForged(rec: ViewRecord, value: string, offered?: number[]) {
  const metadata = { ...JSON.parse(rec.view.private_metadata ?? '{}'), ...(offered ? { offered } : {}) };
  const element = {
    type: 'button',
    action_id: ids.DECLARE_JOIN_BUTTON,
    value,
    text: { type: 'plain_text', text: 'Join' },
  };
  return send(
    modalBlockActions(ws(), {
      rec: { ...rec, view: { ...rec.view, private_metadata: JSON.stringify(metadata) } },
      state: {},
      blockId: 'forged',
      element: element as never,
      triggerId: ws().issueTrigger(BOB),
    }),
  );
}

const openUpdate = (channel: string) =>
  openModal(() => h.emulator.command({ user: BOB, channel, text: 'update' }), ids.UPDATE_MODAL);
const openReview = (channel: string) =>
  openModal(() => h.emulator.command({ user: BOB, channel, text: 'review' }), ids.REVIEW_MODAL);
const openDeclareForm = () =>
  openModal(() => h.emulator.command({ user: BOB, channel: 'CGENERAL', text: 'declare Forged' }), ids.DECLARE_MODAL);
/** The declare form with the security type chosen the honest way: its fields shown. */
async function openSecurityForm() {
  const form = await openDeclareForm();
  await h.emulator.selectInView({ user: BOB, viewId: form.id, actionId: ids.DECLARE_TYPE.action, value: 'security' });
  await h.bot.idle();
  return ws().views.get(form.id)!;
}
/** Bob picks `value` in the declare form's Type select, a value the select does not offer. */
function pickTypeForged(rec: ViewRecord, value: string) {
  const element = {
    type: 'static_select',
    action_id: ids.DECLARE_TYPE.action,
    options: [{ text: { type: 'plain_text', text: value }, value }],
  };
  return send(
    modalBlockActions(ws(), {
      rec,
      state: {},
      blockId: ids.DECLARE_TYPE.block,
      element: element as never,
      triggerId: ws().issueTrigger(BOB),
      value,
    }),
  );
}
async function openFeedback() {
  const dm = ws()
    .dmsTo(BOB)
    .filter((m) => m.text.includes(`INC-${closedWithBob.number}`) && m.text.includes('is closed'))
    .at(-1)!;
  return openModal(
    () =>
      h.emulator.clickButton({
        user: BOB,
        channel: dm.channel,
        messageTs: dm.ts,
        actionId: ids.FEEDBACK_BUTTON,
        value: String(closedWithBob.number),
      }),
    ids.FEEDBACK_MODAL,
  );
}

/** Bob clicks a header button of `row` (public, he is in it) the honest way. */
function openFromHeader(row: Row, actionId: string, callbackId: string) {
  return openModal(async () => {
    const { header_ts } = await h.db
      .selectFrom('incidents')
      .select('header_ts')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    return h.emulator.clickButton({
      user: BOB,
      channel: row.channel_id,
      messageTs: header_ts!,
      actionId,
      value: String(row.number),
    });
  }, callbackId);
}
const openRole = (row: Row) => openFromHeader(row, ids.HEADER_ROLE_BUTTON, ids.ROLE_MODAL);
const openResolve = (row: Row) => openFromHeader(row, ids.HEADER_RESOLVE_BUTTON, ids.RESOLVE_MODAL);
let homeClick: unknown;

const U = ids.UPDATE_FIELDS;
const updateText = { [U.text.action]: 'Still looking' };
const forgedOption = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
/** The update form's *Status page* section, publish ticked, as a forger would add it. */
const forgedStatusPageSection = {
  [U.publish.block]: { [U.publish.action]: { type: 'checkboxes', selected_options: [forgedOption('publish')] } },
  [U.publicMessage.block]: { [U.publicMessage.action]: { type: 'plain_text_input', value: 'Forged public words' } },
  [U.publicStatus.block]: {
    [U.publicStatus.action]: { type: 'static_select', selected_option: forgedOption('investigating') },
  },
};

/** Bob clicks `actionId` on a prompt's message in the announcement channel, its value forged. */
const clickPrompt = (actionId: string, value: string, on: () => PostedPrompt) =>
  click(actionId, value, ANNOUNCEMENTS, ANNOUNCEMENTS, on().message);

/**
 * An alert prompt's button: the value is a prompt's id, so it must name the prompt the button is on, still
 * undecided, whose group has no incident; nothing is declared, dismissed or redrawn otherwise.
 */
function alertPromptForgeries(actionId: string, told: { dismissed: RegExp; private: RegExp }) {
  const notPosted = /not one Firebreak posted/;
  return {
    [`action:${actionId}`]: [
      {
        name: 'a prompt id that does not exist',
        forge: () => clickPrompt(actionId, '99999999', () => openPrompt),
        says: { where: 'ephemeral', text: notPosted },
      },
      {
        name: 'a value that is not a number',
        forge: () => clickPrompt(actionId, '1 OR 1=1', () => openPrompt),
        says: { where: 'ephemeral', text: notPosted },
      },
      {
        name: 'another source’s open prompt, clicked on this prompt',
        forge: () => clickPrompt(actionId, String(otherSourcePrompt.id), () => openPrompt),
        says: { where: 'ephemeral', text: notPosted },
      },
      {
        name: 'an open prompt, clicked on a public incident channel’s message',
        forge: () => click(actionId, String(openPrompt.id), pub.channel_id),
        says: { where: 'ephemeral', text: notPosted },
      },
      {
        name: 'an open prompt, the click naming the announcement channel from a public incident channel',
        forge: () => click(actionId, String(openPrompt.id), pub.channel_id, ANNOUNCEMENTS),
        says: { where: 'ephemeral', text: notPosted },
      },
      {
        name: 'a prompt dismissed already, on its own message',
        forge: () => clickPrompt(actionId, String(dismissedPrompt.id), () => dismissedPrompt),
        says: { where: 'ephemeral', text: told.dismissed },
      },
      {
        name: 'the prompt a private incident was declared from, on its own message',
        forge: () => clickPrompt(actionId, String(privatePrompt.id), () => privatePrompt),
        says: { where: 'ephemeral', text: told.private },
      },
      {
        name: 'the prompt of an incident declared from it and since resolved, on its own message',
        forge: () => clickPrompt(actionId, String(overPrompt.id), () => overPrompt),
        says: { where: 'ephemeral', text: /incident was declared for this alert already/ },
      },
    ] satisfies Forgery[],
  };
}

// ---------------------------------------------------------------------------
// What "refused and nothing changed" means.

/** Every table an interaction could change, the feedback and recovery ones included. */
async function rows(): Promise<string> {
  const tables = [
    'incident_feedback',
    'recovery_ticks',
    'recovery_checklists',
    'drill_schedules',
    'alert_prompts',
    'status_page_posts',
    'status_page_incidents',
  ];
  const cols = tables
    .map((t) => `(select coalesce(json_agg(t order by t), '[]'::json)::text from ${t} t) as ${t}`)
    .join(', ');
  const res = await sql<Record<string, string>>`select ${sql.raw(cols)}`.execute(h.db);
  return JSON.stringify(res.rows[0]);
}

type Said =
  | { where: 'ephemeral' | 'dm'; text: RegExp }
  | { where: 'field'; block: string; text: RegExp }
  /** In the modal the click came from, updated in place. */
  | { where: 'view'; text: RegExp };

interface Forgery {
  name: string;
  forge: () => Promise<{ status: number; body: unknown }>;
  /** Prepares what the forgery needs (a modal opened the honest way) before the snapshot is taken. */
  prepare?: () => Promise<ViewRecord>;
  says: Said;
}

/** Each forgery, keyed `kind:id` for every action, view and shortcut listener. */
let prepared: ViewRecord;
const FORGERIES: Record<string, Forgery[]> = {
  ...alertPromptForgeries(ids.ALERT_DECLARE_BUTTON, {
    dismissed: /dismissed already/,
    // Says the group is taken, never which incident took it.
    private: /already open for this alert group/,
  }),
  ...alertPromptForgeries(ids.ALERT_DISMISS_BUTTON, {
    dismissed: /dismissed already/,
    private: /incident was declared for this alert already/,
  }),
  [`action:${ids.FOLLOWUP_DONE_BUTTON}`]: [
    {
      name: 'a private incident’s follow-up, from a public incident channel',
      forge: () => click(ids.FOLLOWUP_DONE_BUTTON, String(privFollowup), pub.channel_id),
      says: { where: 'ephemeral', text: /not one you can mark done here/ },
    },
    {
      name: 'another incident’s follow-up',
      forge: () => click(ids.FOLLOWUP_DONE_BUTTON, String(otherFollowup), pub.channel_id),
      says: { where: 'ephemeral', text: /not one you can mark done here/ },
    },
    {
      name: 'an id that is not a number',
      forge: () => click(ids.FOLLOWUP_DONE_BUTTON, '1 OR 1=1', pub.channel_id),
      says: { where: 'ephemeral', text: /not one you can mark done here/ },
    },
  ],
  [`action:${ids.HOME_FOLLOWUP_DONE_BUTTON}`]: [
    {
      name: 'someone else’s follow-up',
      forge: () => clickHome(ids.HOME_FOLLOWUP_DONE_BUTTON, String(pubFollowup)),
      says: { where: 'dm', text: /not one you can mark done here/ },
    },
    {
      name: 'own follow-up of a private incident one is not in',
      forge: () => clickHome(ids.HOME_FOLLOWUP_DONE_BUTTON, String(privFollowup)),
      says: { where: 'dm', text: /not one you can mark done here/ },
    },
  ],
  [`action:${ids.FOLLOWUP_DM_DONE_BUTTON}`]: [
    {
      name: 'someone else’s follow-up, from one’s own DM',
      forge: () => click(ids.FOLLOWUP_DM_DONE_BUTTON, String(pubFollowup), ws().imFor(BOB).id),
      says: { where: 'ephemeral', text: /not one you can mark done here/ },
    },
    {
      name: 'own follow-up of a private incident one is not in',
      forge: () => click(ids.FOLLOWUP_DM_DONE_BUTTON, String(privFollowup), ws().imFor(BOB).id),
      says: { where: 'ephemeral', text: /not one you can mark done here/ },
    },
  ],
  [`action:${ids.RECOVERY_STEP_BUTTON}`]: [
    {
      name: 'a step of a private incident, named from a public channel',
      forge: () => click(ids.RECOVERY_STEP_BUTTON, '1', pub.channel_id, priv.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
  ],
  [`action:${ids.POST_UPDATE_BUTTON}`]: [
    {
      name: 'the update form of a private incident',
      forge: () => click(ids.POST_UPDATE_BUTTON, '', pub.channel_id, priv.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'a value naming a private incident, from a public channel',
      forge: () => click(ids.POST_UPDATE_BUTTON, String(priv.number), other.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'a resolved incident’s nudge',
      forge: () => click(ids.POST_UPDATE_BUTTON, String(pub.number), pub.channel_id),
      says: { where: 'ephemeral', text: /is resolved/ },
    },
  ],
  [`action:${ids.SNOOZE_BUTTON}`]: [
    {
      name: 'snoozing a private incident’s reminder',
      forge: () => click(ids.SNOOZE_BUTTON, '', pub.channel_id, priv.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'a value naming a private incident',
      forge: () => click(ids.SNOOZE_BUTTON, String(priv.number), other.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'a value naming no incident',
      forge: () => click(ids.SNOOZE_BUTTON, '99999', other.channel_id),
      says: { where: 'ephemeral', text: /incident channel/ },
    },
    {
      name: 'snoozing a resolved incident',
      forge: () => click(ids.SNOOZE_BUTTON, String(pub.number), pub.channel_id),
      says: { where: 'ephemeral', text: /is resolved/ },
    },
  ],
  ...Object.fromEntries(
    [ids.HEADER_UPDATE_BUTTON, ids.HEADER_ROLE_BUTTON, ids.HEADER_RESOLVE_BUTTON].map((id) => [
      `action:${id}`,
      [
        {
          name: 'a value naming a private incident',
          forge: () => click(id, String(priv.number), other.channel_id),
          says: { where: 'ephemeral', text: /cannot see that incident/ },
        },
        {
          name: 'a value naming a closed incident',
          forge: () => click(id, String(closedWithBob.number), other.channel_id),
          says: { where: 'ephemeral', text: /Closed|closed/ },
        },
        {
          name: 'a value that is not a number',
          forge: () => click(id, '1 OR 1=1', other.channel_id),
          says: { where: 'ephemeral', text: /incident channel/ },
        },
      ] satisfies Forgery[],
    ]),
  ),
  [`action:${ids.HOME_DECLARE_BUTTON}`]: [
    {
      name: 'a click replayed with its spent trigger',
      prepare: async () => {
        homeClick = homeBlockActions(ws(), {
          user: BOB,
          view: { id: 'VHOME', hash: 'h', blocks: [] },
          blockId: 'home',
          element: {
            type: 'button',
            action_id: ids.HOME_DECLARE_BUTTON,
            text: { type: 'plain_text', text: 'Declare incident' },
          } as never,
          triggerId: ws().issueTrigger(BOB),
        });
        return openModal(() => send(homeClick), ids.DECLARE_MODAL);
      },
      forge: () => send(homeClick),
      says: { where: 'dm', text: /would not open the declare form/ },
    },
  ],
  [`action:${ids.DECLARE_JOIN_BUTTON}`]: [
    {
      name: 'a value naming a private incident the form did not offer',
      prepare: openSimilarForm,
      forge: () => joinForged(prepared, String(priv.number)),
      says: { where: 'view', text: /cannot see that incident/ },
    },
    {
      name: 'a value naming a private incident, with private_metadata offering it',
      prepare: openSimilarForm,
      forge: () => joinForged(prepared, String(priv.number), [other.number, priv.number]),
      says: { where: 'view', text: /cannot see that incident/ },
    },
    {
      name: 'a value naming a closed incident, with private_metadata offering it',
      prepare: openSimilarForm,
      forge: () => joinForged(prepared, String(closedWithBob.number), [closedWithBob.number]),
      says: { where: 'view', text: /Closed\* now/ },
    },
    {
      name: 'a value that is not a number',
      prepare: openSimilarForm,
      forge: () => joinForged(prepared, '1 OR 1=1', [1]),
      says: { where: 'view', text: /cannot see that incident/ },
    },
  ],
  [`view:${ids.ROLE_MODAL}`]: [
    {
      name: 'a role the form does not offer',
      prepare: () => openRole(other),
      forge: () =>
        submitForged(
          prepared,
          { [ids.ROLE_FIELDS.user.action]: 'UCAROL' },
          { selects: { [ids.ROLE_FIELDS.role.block]: 'owner' } },
        ),
      says: { where: 'field', block: ids.ROLE_FIELDS.role.block, text: /roles offered/ },
    },
    {
      name: 'private_metadata naming a private incident',
      prepare: () => openRole(other),
      forge: () =>
        submitForged(prepared, { [ids.ROLE_FIELDS.user.action]: 'UCAROL' }, { metadata: { incident: priv.number } }),
      says: { where: 'field', block: ids.ROLE_FIELDS.role.block, text: /cannot see that incident/ },
    },
    {
      name: 'commander taken by someone who may not reassign it',
      prepare: () => openRole(other),
      forge: () => submitForged(prepared, { [ids.ROLE_FIELDS.user.action]: BOB }, {}),
      says: { where: 'field', block: ids.ROLE_FIELDS.role.block, text: /commander/ },
    },
  ],
  [`view:${ids.RESOLVE_MODAL}`]: [
    {
      name: 'private_metadata naming a private incident',
      prepare: () => openResolve(moving),
      forge: () => submitForged(prepared, {}, { metadata: { incident: priv.number } }),
      says: { where: 'field', block: ids.RESOLVE_FIELDS.message.block, text: /cannot see that incident/ },
    },
    {
      name: 'private_metadata naming a closed incident',
      prepare: () => openResolve(moving),
      forge: () => submitForged(prepared, {}, { metadata: { incident: closedWithBob.number } }),
      says: { where: 'field', block: ids.RESOLVE_FIELDS.message.block, text: /Closed/ },
    },
    {
      name: 'resolving by someone who is not the commander',
      prepare: () => openResolve(moving),
      forge: () => submitForged(prepared, {}, {}),
      says: { where: 'field', block: ids.RESOLVE_FIELDS.message.block, text: /commander/ },
    },
  ],
  [`action:${ids.REVIEW_BUTTON}`]: [
    {
      name: 'the review of a private incident',
      forge: () => click(ids.REVIEW_BUTTON, '', pub.channel_id, priv.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
  ],
  [`action:${ids.FEEDBACK_BUTTON}`]: [
    {
      name: 'feedback on an incident one was not asked about',
      forge: () => click(ids.FEEDBACK_BUTTON, String(closedWithoutBob.number), pub.channel_id),
      says: { where: 'ephemeral', text: /not one of them/ },
    },
    {
      name: 'an incident number out of range',
      forge: () => click(ids.FEEDBACK_BUTTON, '99999999999', pub.channel_id),
      says: { where: 'ephemeral', text: /not one of them/ },
    },
  ],
  [`shortcut:${ids.DECLARE_SHORTCUT}`]: [
    {
      name: 'the lightning menu’s id sent as a message shortcut on a private incident’s message',
      forge: () => declareShortcutOn(ids.DECLARE_SHORTCUT, priv.channel_id),
      says: { where: 'ephemeral', text: /lightning menu only/ },
    },
  ],
  [`shortcut:${ids.DECLARE_FROM_MESSAGE_SHORTCUT}`]: [
    {
      name: 'a private incident’s message, by someone not in it',
      forge: () => declareShortcutOn(ids.DECLARE_FROM_MESSAGE_SHORTCUT, priv.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
  ],
  [`shortcut:${ids.TIMELINE_SHORTCUT}`]: [
    {
      name: 'a private incident’s message, named from a public channel',
      forge: () => {
        const message = lastBotMessage(priv.channel_id);
        const responseUrl = ws().issueResponseUrl({
          channel: pub.channel_id,
          user: BOB,
          isEphemeral: false,
          followsReplies: false,
        }).url;
        return send(
          messageAction(ws(), {
            user: BOB,
            channel: priv.channel_id,
            message,
            callbackId: ids.TIMELINE_SHORTCUT,
            triggerId: ws().issueTrigger(BOB),
            responseUrl,
          }),
        );
      },
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'words put in someone else’s mouth: a message the timeline does not hold, with forged author and text',
      forge: () => {
        const message = {
          ...lastBotMessage(pub.channel_id),
          ts: '1700000000.000100',
          user: ALICE,
          bot_id: undefined,
          text: 'Alice: I dropped the production database',
        };
        const responseUrl = ws().issueResponseUrl({
          channel: pub.channel_id,
          user: BOB,
          isEphemeral: false,
          followsReplies: false,
        }).url;
        return send(
          messageAction(ws(), {
            user: BOB,
            channel: pub.channel_id,
            message,
            callbackId: ids.TIMELINE_SHORTCUT,
            triggerId: ws().issueTrigger(BOB),
            responseUrl,
          }),
        );
      },
      says: { where: 'ephemeral', text: /cannot be added to the timeline/ },
    },
  ],
  [`view:${ids.UPDATE_MODAL}`]: [
    {
      name: 'a custom field on the form of an untyped incident',
      prepare: () => openUpdate(other.channel_id),
      forge: () => submitWithExtraBlock(prepared, updateText, vectorField),
      says: { where: 'field', block: U.text.block, text: /Pick a type before filling its fields/ },
    },
    {
      name: 'private_metadata naming a type the incident does not have, with that type’s field',
      prepare: () => openUpdate(other.channel_id),
      forge: () => submitWithExtraBlock(prepared, updateText, vectorField, { type: 'security' }),
      says: { where: 'field', block: U.text.block, text: /type changed since this form was opened/ },
    },
    ...(['closed', 'cancelled', 'triage', 'reopened'] as const).map(
      (status): Forgery => ({
        name: `status ${status} on a resolved incident`,
        prepare: () => openUpdate(pub.channel_id),
        forge: () => submitForged(prepared, updateText, { selects: { [U.status.block]: status } }),
        says: { where: 'field', block: U.status.block, text: /not one of the choices|cannot move to|Pick a status/ },
      }),
    ),
    {
      name: 'status cancelled on an incident in triage (a move the lifecycle allows, but only by command)',
      prepare: () => openUpdate(other.channel_id),
      forge: () => submitForged(prepared, updateText, { selects: { [U.status.block]: 'cancelled' } }),
      says: { where: 'field', block: U.status.block, text: /not one of the choices/ },
    },
    ...['0', '999999999999', String(7 * 60_000)].map(
      (ms): Forgery => ({
        name: `next update in ${ms} ms`,
        prepare: () => openUpdate(pub.channel_id),
        forge: () => submitForged(prepared, updateText, { selects: { [U.next.block]: ms } }),
        says: { where: 'field', block: U.next.block, text: /next update/ },
      }),
    ),
    {
      name: 'severity SEV0',
      prepare: () => openUpdate(pub.channel_id),
      forge: () => submitForged(prepared, updateText, { selects: { [U.severity.block]: 'SEV0' } }),
      says: { where: 'field', block: U.severity.block, text: /SEV1 to SEV4/ },
    },
    {
      name: 'private_metadata naming a private incident',
      prepare: () => openUpdate(pub.channel_id),
      forge: () => submitForged(prepared, updateText, { metadata: { incident: priv.number } }),
      says: { where: 'field', block: U.text.block, text: /cannot see that incident/ },
    },
    {
      // No status page is configured here, so the form never had the section (status-page.test.ts forges it
      // into a private incident's and a drill's form where one is).
      name: 'a Status page section the form never had, publish ticked',
      prepare: () => openUpdate(other.channel_id),
      forge: () => submitForged(prepared, updateText, { state: forgedStatusPageSection }),
      says: { where: 'field', block: U.publish.block, text: /cannot be posted on the status page/ },
    },
  ],
  [`action:${ids.RESOLVE_PUBLIC_BUTTON}`]: [
    {
      name: 'a value naming a private incident, from a public channel',
      forge: () => click(ids.RESOLVE_PUBLIC_BUTTON, String(priv.number), pub.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'a value that is not a number',
      forge: () => click(ids.RESOLVE_PUBLIC_BUTTON, '1 OR 1=1', pub.channel_id),
      says: { where: 'ephemeral', text: /cannot see that incident/ },
    },
    {
      name: 'a public incident with nothing on a status page (none configured)',
      forge: () => click(ids.RESOLVE_PUBLIC_BUTTON, String(pub.number), pub.channel_id),
      says: { where: 'ephemeral', text: /nothing on the status page/ },
    },
  ],
  [`view:${ids.REVIEW_MODAL}`]: [
    {
      name: 'private_metadata naming a private incident',
      prepare: () => openReview(pub.channel_id),
      forge: () => submitForged(prepared, { summary: 'Forged review' }, { metadata: { incident: priv.number } }),
      says: { where: 'field', block: ids.reviewBlockId('summary'), text: /cannot see that incident/ },
    },
  ],
  [`view:${ids.FEEDBACK_MODAL}`]: [
    ...['0', '6', '4.5'].map(
      (rating): Forgery => ({
        name: `rating ${rating}`,
        prepare: openFeedback,
        forge: () => submitForged(prepared, {}, { selects: { [ids.FEEDBACK_FIELDS.rating.block]: rating } }),
        says: { where: 'field', block: ids.FEEDBACK_FIELDS.rating.block, text: /from 1 to 5/ },
      }),
    ),
    {
      name: 'private_metadata naming an incident one was not asked about',
      prepare: openFeedback,
      forge: () =>
        submitForged(
          prepared,
          { [ids.FEEDBACK_FIELDS.rating.action]: '4' },
          { metadata: { incident: closedWithoutBob.number } },
        ),
      says: { where: 'field', block: ids.FEEDBACK_FIELDS.rating.block, text: /not one of them/ },
    },
  ],
  [`action:${ids.DECLARE_TYPE.action}`]: [
    {
      name: 'a type the select did not offer',
      prepare: openDeclareForm,
      forge: () => pickTypeForged(prepared, 'not-a-type'),
      says: { where: 'view', text: /Pick a type from the list/ },
    },
  ],
  [`view:${ids.DECLARE_MODAL}`]: [
    {
      name: 'a type the form did not offer',
      prepare: openDeclareForm,
      forge: () =>
        submitForged(
          prepared,
          { [ids.DECLARE_FIELDS.title.action]: 'Forged' },
          { selects: { [ids.DECLARE_TYPE.block]: 'not-a-type' } },
        ),
      says: { where: 'field', block: ids.DECLARE_TYPE.block, text: /type from the list/ },
    },
    {
      name: 'a select field option the form did not offer',
      prepare: openSecurityForm,
      forge: () =>
        submitForged(
          prepared,
          { [ids.DECLARE_FIELDS.title.action]: 'Forged' },
          { selects: { declare_field_vector: 'zero-day' } },
        ),
      says: { where: 'field', block: 'declare_field_vector', text: /options offered/ },
    },
    {
      name: 'a field the chosen type does not have',
      prepare: openSecurityForm,
      forge: () =>
        submitWithExtraBlock(
          prepared,
          { [ids.DECLARE_FIELDS.title.action]: 'Forged' },
          { declare_field_customers: { field_customers: { type: 'number_input', value: '5' } } },
        ),
      says: { where: 'field', block: ids.DECLARE_TYPE.block, text: /has no field "customers"/ },
    },
    ...(
      [
        ['severity', ids.DECLARE_FIELDS.severity.block, 'SEV0', /SEV1 to SEV4/],
        ['category', ids.DECLARE_FIELDS.category.block, 'Not a category', /category from the list/],
      ] as const
    ).map(
      ([what, block, value, text]): Forgery => ({
        name: `${what} ${value}`,
        prepare: openDeclareForm,
        forge: () =>
          submitForged(prepared, { [ids.DECLARE_FIELDS.title.action]: 'Forged' }, { selects: { [block]: value } }),
        says: { where: 'field', block, text },
      }),
    ),
    {
      name: 'plan not in the policy, on the drill form',
      prepare: () =>
        openModal(
          () => h.emulator.command({ user: BOB, channel: 'CGENERAL', text: 'drill Forged' }),
          ids.DECLARE_MODAL,
        ),
      forge: () =>
        submitForged(
          prepared,
          { [ids.DECLARE_FIELDS.title.action]: 'Forged' },
          { selects: { [ids.DECLARE_FIELDS.plan.block]: 'not-a-plan' } },
        ),
      says: { where: 'field', block: ids.DECLARE_FIELDS.plan.block, text: /plan from the list/ },
    },
    {
      name: 'private_metadata naming a response_url that is not Slack’s',
      prepare: openDeclareForm,
      forge: () =>
        submitForged(
          prepared,
          { [ids.DECLARE_FIELDS.title.action]: 'Forged' },
          { metadata: { responseUrl: `${elsewhere.url}/steal` } },
        ),
      says: { where: 'field', block: ids.DECLARE_FIELDS.title.block, text: /form is damaged/ },
    },
  ],
};

// ---------------------------------------------------------------------------

const SRC = path.resolve(__dirname, '../../../src');

/** The listener groups main.ts hands to Bolt, by name, read from its source. */
function registeredGroups(): string[] {
  const source = readFileSync(path.join(SRC, 'main.ts'), 'utf8');
  const start = source.indexOf('const listeners = [');
  const loop = source.slice(start, source.indexOf('];', start));
  return [...loop.matchAll(/\b(register\w+)\b/g)].map((m) => m[1]).filter((n) => n !== 'register');
}

/**
 * Every action, view and shortcut id those groups register, found by running
 * each group on a recorder. The groups are looked up in every listener file
 * (the *.slack.ts files of the feature folders).
 */
function registeredIds(): { groups: string[]; found: Set<string>; ids: string[] } {
  const ids: string[] = [];
  const record = (kind: string) => (id: unknown) => void ids.push(`${kind}:${String(id)}`);
  const recorder = {
    action: record('action'),
    view: record('view'),
    shortcut: record('shortcut'),
    // Workflow steps are events (function_executed): tests/integration/shortcuts/workflow-steps.test.ts forges them.
    function: () => undefined,
    event: () => undefined,
    command: () => undefined,
  } as unknown as Listeners;
  const groups = registeredGroups();
  const found = new Set<string>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.slack.ts'));
  for (const file of files) {
    const mod = require(path.join(SRC, file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (!groups.includes(name) || typeof fn !== 'function') continue;
      found.add(name);
      fn(recorder, {} as SlackDeps);
    }
  }
  return { groups, found, ids: ids.sort() };
}

test('every registered action, view and shortcut has forgeries in the table', () => {
  const { groups, found, ids: registered } = registeredIds();
  expect(groups.length).toBeGreaterThanOrEqual(12);
  expect([...found].sort()).toEqual([...groups].sort());
  expect(Object.keys(FORGERIES).sort()).toEqual(registered);
  for (const cases of Object.values(FORGERIES)) expect(cases.length).toBeGreaterThan(0);
});

const CASES = Object.entries(FORGERIES).flatMap(([id, cases]) => cases.map((c) => [id, c.name, c] as const));

test.each(CASES)('%s: %s is refused and changes nothing', async (_id, _name, c) => {
  if (c.prepare) prepared = await c.prepare();
  const before: Snapshot = await snapshot(h);
  const beforeRows = await rows();
  const seenEphemerals = ws().ephemeralsFor(BOB).length;
  const seenDms = ws().dmsTo(BOB).length;
  const res = await c.forge();
  expect(res.status).toBe(200);
  const after = await snapshot(h);
  let said: string[];
  if (c.says.where === 'field') {
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [c.says.block]: expect.stringMatching(c.says.text) },
    });
    expect(ws().views.get(prepared.id)!.isOpen).toBe(true);
    said = Object.values((res.body as { errors: Record<string, string> }).errors);
  } else if (c.says.where === 'view') {
    const blocks = ws().views.get(prepared.id)!.view.blocks ?? [];
    said = blocks.filter((b) => b.block_id?.endsWith('_refused')).map((b) => String(b.text?.text));
    expect(said).toEqual([expect.stringMatching(c.says.text)]);
  } else {
    said =
      c.says.where === 'ephemeral'
        ? ws()
            .ephemeralsFor(BOB)
            .slice(seenEphemerals)
            .map((e) => e.text)
        : ws()
            .dmsTo(BOB)
            .slice(seenDms)
            .map((m) => m.text);
    expect(said).toEqual([expect.stringMatching(c.says.text)]);
  }
  for (const text of said) expect(leaks(text)).toEqual([]);
  // Nothing changed: no rows, no message, pin, topic or member in Slack (a refusal by DM aside), no modal opened.
  expect(after.rows).toEqual(before.rows);
  expect(await rows()).toBe(beforeRows);
  const withoutRefusalDm = (s: Snapshot) => {
    if (c.says.where !== 'dm') return s.slack;
    const state = JSON.parse(s.slack) as { messages: [string, unknown[]][] };
    const im = ws().imFor(BOB).id;
    return JSON.stringify({ ...state, messages: state.messages.filter(([channel]) => channel !== im) });
  };
  expect(withoutRefusalDm(after)).toBe(withoutRefusalDm(before));
  expect([...after.views].filter((v) => !before.views.has(v))).toEqual([]);
});

test('a feedback form whose metadata names another message thanks in the DM and rewrites nothing else', async () => {
  const view = await openFeedback();
  const target = lastBotMessage(pub.channel_id);
  const original = JSON.stringify(target);
  const seenDms = ws().dmsTo(BOB).length;
  const res = await submitForged(
    view,
    { [ids.FEEDBACK_FIELDS.rating.action]: '4' },
    { metadata: { channel: pub.channel_id, ts: target.ts } },
  );
  expect(res.body).toBe('');
  expect(JSON.stringify(ws().findMessage(pub.channel_id, target.ts))).toBe(original);
  expect(
    ws()
      .callsTo('chat.update')
      .filter((c) => c.args.channel === pub.channel_id && c.args.ts === target.ts),
  ).toEqual([]);
  expect(
    ws()
      .dmsTo(BOB)
      .slice(seenDms)
      .map((m) => m.text),
  ).toEqual([expect.stringContaining('Thank')]);
});

test('the timeline shortcut still takes an unrecorded message in the person’s own words', async () => {
  const message = {
    ...lastBotMessage(pub.channel_id),
    ts: '1700000000.000200',
    user: BOB,
    bot_id: undefined,
    text: 'Bob: failed over to the replica',
  };
  const responseUrl = ws().issueResponseUrl({
    channel: pub.channel_id,
    user: BOB,
    isEphemeral: false,
    followsReplies: false,
  }).url;
  await send(
    messageAction(ws(), {
      user: BOB,
      channel: pub.channel_id,
      message,
      callbackId: ids.TIMELINE_SHORTCUT,
      triggerId: ws().issueTrigger(BOB),
      responseUrl,
    }),
  );
  expect(ws().ephemeralsFor(BOB).at(-1)!.text).toContain('Added to the key timeline');
  const stored = await h.db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('slack_ts', '=', message.ts)
    .executeTakeFirstOrThrow();
  expect(stored).toMatchObject({ author: BOB, text: message.text, key: true, key_reason: 'shortcut' });
});
