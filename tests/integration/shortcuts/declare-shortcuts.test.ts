import { signedHeaders } from '@firebreak/slack-emulator/client';
import { messageAction } from '@firebreak/slack-emulator/payloads';
import {
  DECLARE_FROM_MESSAGE_SHORTCUT,
  DECLARE_MODAL,
  DECLARE_SHORTCUT,
  DECLARE_FIELDS as F,
} from '../../../src/features/incidents/incidents.ids';
import {
  declare,
  declareValues,
  formAnswer,
  type Harness,
  handedBackAsSimilar,
  harnessForFile,
  SIGNING_SECRET,
} from '../../support/harness';

// Declare from anywhere (issue 19): the lightning menu's *Declare incident*, and a message's *Declare incident from
// this message*, whose incident starts its timeline with the message and answers in its thread.

const file = harnessForFile();
let h: Harness;
beforeAll(() => {
  h = file.h;
});
const ws = () => h.emulator.workspace;

/** The declare form `act` opened for `user`. */
async function formOpenedBy(user: string, act: () => Promise<{ status: number }>) {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  expect((await act()).status).toBe(200);
  const view = await h.emulator.waitFor(() =>
    ws()
      .openViews(user)
      .find((v) => !before.has(v.id)),
  );
  expect(view.view.callback_id).toBe(DECLARE_MODAL);
  await h.bot.idle();
  return view;
}

/** Submits the form (declaring anyway when it offers a look-alike) and returns the incident it made. */
async function submit(user: string, viewId: string, values: Record<string, unknown>) {
  let res = await h.emulator.submitView({ user, viewId, values });
  if (handedBackAsSimilar(res.body)) res = await h.emulator.submitView({ user, viewId, values: {} });
  expect(formAnswer(res)).toContain('is declared');
  await h.bot.idle();
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', viewId)
    .executeTakeFirstOrThrow();
  return { ...row, channel_id: row.channel_id! };
}

const timeline = (incidentId: number | string) =>
  h.db
    .selectFrom('timeline_entries')
    .selectAll()
    .where('incident_id', '=', Number(incidentId))
    .orderBy('at')
    .orderBy('id')
    .execute();

const initial = (view: { view: { blocks?: unknown[] } }, block: string) =>
  (
    (view.view.blocks ?? []) as { block_id?: string; element?: { initial_value?: string; initial_user?: string } }[]
  ).find((b) => b.block_id === block)?.element;

test('the lightning menu’s Declare incident opens the declare form; its submission declares as /incident declare does', async () => {
  const view = await formOpenedBy('UALICE', () =>
    h.emulator.globalShortcut({ user: 'UALICE', callbackId: DECLARE_SHORTCUT }),
  );
  expect(initial(view, F.commander.block)).toMatchObject({ initial_user: 'UALICE' });
  const row = await submit('UALICE', view.id, declareValues({ title: 'Search returns nothing', severity: 'SEV2' }));
  expect(row).toMatchObject({ title: 'Search returns nothing', severity: 'SEV2', declared_by: 'UALICE' });
  // Typed nowhere: the confirmation is in the new channel, to the declarer alone.
  expect(
    ws()
      .ephemeralsFor('UALICE')
      .some((e) => e.channel === row.channel_id && e.text.includes('is declared')),
  ).toBe(true);
});

test('a message shortcut opens the form prefilled; the incident’s timeline starts with the message and its thread links the channel', async () => {
  const text = 'Checkout p99 is 12 s in eu-west\nStarted right after the 09:40 deploy, error rate 4%';
  const posted = await h.emulator.postUserMessage({ user: 'UBOB', channel: 'CGENERAL', text });
  const view = await formOpenedBy('UALICE', () =>
    h.emulator.messageShortcut({
      user: 'UALICE',
      channel: 'CGENERAL',
      ts: posted.ts,
      callbackId: DECLARE_FROM_MESSAGE_SHORTCUT,
    }),
  );
  const permalink = ws().permalink('CGENERAL', posted.ts);
  expect(initial(view, F.title.block)?.initial_value).toBe('Checkout p99 is 12 s in eu-west');
  expect(initial(view, F.summary.block)?.initial_value).toBe(`${text}\n\n${permalink}`);

  const row = await submit('UALICE', view.id, declareValues({ severity: 'SEV2' }));
  expect(row).toMatchObject({ title: 'Checkout p99 is 12 s in eu-west', summary: `${text}\n\n${permalink}` });
  const entries = await timeline(row.id);
  expect(entries[0]).toMatchObject({
    kind: 'message',
    author: 'UBOB',
    text,
    slack_ts: posted.ts,
    key: true,
    key_reason: 'shortcut',
  });
  expect(entries[0].at.getTime()).toBe(Math.round(Number(posted.ts) * 1000));
  // The bot joined the public channel to answer in the message's thread, once.
  const replies = ws().threadReplies('CGENERAL', posted.ts);
  expect(replies.map((r) => r.text)).toEqual([
    `INC-${row.number} was declared from this message: *Checkout p99 is 12 s in eu-west* → <#${row.channel_id}>`,
  ]);
  await h.bot.idle();
  expect(ws().threadReplies('CGENERAL', posted.ts)).toHaveLength(1);
});

test('when Slack gives no permalink, the form’s link is built from the workspace’s domain', async () => {
  const posted = await h.emulator.postUserMessage({ user: 'UBOB', channel: 'CGENERAL', text: 'Status page is stale' });
  h.emulator.failNext('chat.getPermalink', { error: 'channel_not_found' });
  const view = await formOpenedBy('UALICE', () =>
    h.emulator.messageShortcut({
      user: 'UALICE',
      channel: 'CGENERAL',
      ts: posted.ts,
      callbackId: DECLARE_FROM_MESSAGE_SHORTCUT,
    }),
  );
  expect(initial(view, F.summary.block)?.initial_value).toBe(
    `Status page is stale\n\nhttps://${ws().teamDomain}.slack.com/archives/CGENERAL/p${posted.ts.replace('.', '')}`,
  );
  await h.emulator.closeView({ user: 'UALICE', viewId: view.id });
});

test('a reply in a thread: the incident’s answer goes to that thread', async () => {
  const parent = await h.emulator.postUserMessage({
    user: 'UBOB',
    channel: 'CGENERAL',
    text: 'Anyone else seeing 502s?',
  });
  const reply = await h.emulator.postUserMessage({
    user: 'UCAROL',
    channel: 'CGENERAL',
    text: 'Yes, every call to the ledger API fails',
    threadTs: parent.ts,
  });
  const view = await formOpenedBy('UALICE', () =>
    h.emulator.messageShortcut({
      user: 'UALICE',
      channel: 'CGENERAL',
      ts: reply.ts,
      callbackId: DECLARE_FROM_MESSAGE_SHORTCUT,
    }),
  );
  const row = await submit('UALICE', view.id, {});
  expect((await timeline(row.id))[0]).toMatchObject({
    author: 'UCAROL',
    text: 'Yes, every call to the ledger API fails',
  });
  expect(
    ws()
      .threadReplies('CGENERAL', parent.ts)
      .filter((m) => m.user === ws().botUserId)
      .map((m) => m.text),
  ).toEqual([expect.stringContaining(`<#${row.channel_id}>`)]);
});

test('a private incident declared from a message: its timeline starts with it, and nothing is said in the thread', async () => {
  const posted = await h.emulator.postUserMessage({
    user: 'UBOB',
    channel: 'CGENERAL',
    text: 'Customer records visible to other tenants?',
  });
  const view = await formOpenedBy('UALICE', () =>
    h.emulator.messageShortcut({
      user: 'UALICE',
      channel: 'CGENERAL',
      ts: posted.ts,
      callbackId: DECLARE_FROM_MESSAGE_SHORTCUT,
    }),
  );
  const row = await submit('UALICE', view.id, declareValues({ private: true }));
  expect(row.is_private).toBe(true);
  expect((await timeline(row.id))[0]).toMatchObject({
    author: 'UBOB',
    text: 'Customer records visible to other tenants?',
  });
  expect(ws().threadReplies('CGENERAL', posted.ts)).toEqual([]);
  expect(
    ws()
      .messagesIn('CGENERAL')
      .filter((m) => m.user === ws().botUserId && m.text.includes(`INC-${row.number}`)),
  ).toEqual([]);
});

/**
 * A message_action signed as Slack signs it, with what the sender chose to put in it: `message` overrides the fields
 * of a real message record (any one, for its shape).
 */
async function forgedShortcut(user: string, channel: string, forged: { user: string; ts: string; text: string }) {
  const message = { ...ws().messagesIn('CGENERAL')[0], bot_id: undefined, threadTs: undefined, ...forged };
  const responseUrl = ws().issueResponseUrl({ channel, user, isEphemeral: false, followsReplies: false }).url;
  const payload = messageAction(ws(), {
    user,
    channel,
    message,
    callbackId: DECLARE_FROM_MESSAGE_SHORTCUT,
    triggerId: ws().issueTrigger(user),
    responseUrl,
  });
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'));
}

describe('a forged message reference', () => {
  test('a private channel the declarer is not in: its message stays out of the timeline and its thread hears nothing', async () => {
    const secret = ws().addChannel(
      { id: 'CSECRET', name: 'secret-plans', isPrivate: true, members: ['UALICE', ws().botUserId] },
      'UALICE',
    );
    const posted = await h.emulator.postUserMessage({
      user: 'UALICE',
      channel: secret.id,
      text: 'Acquisition closes Friday',
    });
    const view = await formOpenedBy('UBOB', () =>
      forgedShortcut('UBOB', secret.id, { user: 'UALICE', ts: posted.ts, text: 'Acquisition closes Friday' }),
    );
    const row = await submit('UBOB', view.id, declareValues({ title: 'Nothing to see' }));
    const entries = await timeline(row.id);
    expect(entries.map((e) => e.text).join('\n')).not.toContain('Acquisition');
    expect(ws().threadReplies(secret.id, posted.ts)).toEqual([]);
  });

  test('words put in someone’s mouth: the timeline takes Slack’s copy of the message, not the payload’s', async () => {
    const posted = await h.emulator.postUserMessage({
      user: 'UCAROL',
      channel: 'CGENERAL',
      text: 'Rolled back the deploy',
    });
    const view = await formOpenedBy('UBOB', () =>
      forgedShortcut('UBOB', 'CGENERAL', {
        user: 'UCAROL',
        ts: posted.ts,
        text: 'Carol: I dropped the production database',
      }),
    );
    const row = await submit('UBOB', view.id, declareValues({ title: 'Rollback fallout' }));
    const entries = await timeline(row.id);
    expect(entries[0]).toMatchObject({ author: 'UCAROL', text: 'Rolled back the deploy' });
    expect(entries.map((e) => e.text).join('\n')).not.toContain('dropped');
  });

  test('a message Slack does not have, in someone else’s name: left out of the timeline', async () => {
    const view = await formOpenedBy('UBOB', () =>
      forgedShortcut('UBOB', 'CGENERAL', { user: 'UCAROL', ts: '1700000000.000300', text: 'Carol: it was my fault' }),
    );
    const row = await submit('UBOB', view.id, declareValues({ title: 'Blame game' }));
    expect((await timeline(row.id)).map((e) => e.text).join('\n')).not.toContain('my fault');
  });

  test('the form’s metadata cannot name a source: only the message the form was opened on counts', async () => {
    const posted = await h.emulator.postUserMessage({
      user: 'UBOB',
      channel: 'CGENERAL',
      text: 'Queue depth climbing',
    });
    const secretTs = ws().messagesIn('CSECRET')[0].ts;
    const view = await formOpenedBy('UALICE', () =>
      h.emulator.messageShortcut({
        user: 'UALICE',
        channel: 'CGENERAL',
        ts: posted.ts,
        callbackId: DECLARE_FROM_MESSAGE_SHORTCUT,
      }),
    );
    // The forger rewrites private_metadata to point at another message before submitting.
    const rec = ws().views.get(view.id)!;
    rec.view.private_metadata = JSON.stringify({
      ...JSON.parse(rec.view.private_metadata ?? '{}'),
      source: { channelId: 'CSECRET', ts: secretTs },
      channel: 'CSECRET',
    });
    const row = await submit('UALICE', view.id, declareValues({ title: 'Queue depth' }));
    const texts = (await timeline(row.id)).map((e) => e.text);
    expect(texts[0]).toBe('Queue depth climbing');
    expect(texts.join('\n')).not.toContain('Acquisition');
  });
});

test('a private incident’s message, from someone not in it: refused, no form', async () => {
  const priv = await declare(h, 'UALICE', { title: 'Key leak', private: true, commander: 'UALICE' });
  const posted = await h.emulator.postUserMessage({ user: 'UALICE', channel: priv.channel_id, text: 'Rotated key A' });
  const seen = ws().ephemeralsFor('UBOB').length;
  const before = ws().openViews('UBOB').length;
  await forgedShortcut('UBOB', priv.channel_id, { user: 'UALICE', ts: posted.ts, text: 'x' });
  await h.bot.idle();
  expect(
    ws()
      .ephemeralsFor('UBOB')
      .slice(seen)
      .map((e) => e.text),
  ).toEqual(['You cannot see that incident.']);
  expect(ws().openViews('UBOB')).toHaveLength(before);
});
