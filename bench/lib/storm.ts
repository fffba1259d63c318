import type { SlackEmulator } from '@firebreak/slack-emulator';
import { UPDATE_FIELDS, UPDATE_MODAL } from '../../src/features/updates/updates.ids';
import { ANNOUNCEMENTS, type Declaration, declare, declaredIncident } from './declare';
import { sleep, waitFor } from './part';
import type { Stack } from './stack';

/**
 * The storm's workload (part 2, and part 4 measures memory under it): `declarations`
 * spread evenly over `seconds` by `declarers` people in turn; each incident, once its
 * channel exists, gets `subscribers` people subscribed by DM and an update from its
 * declarer every `updateEveryMs`; `messagesPerSec` channel messages spread over the open
 * incidents. Every command and event is sent by the emulator's client and its ack timed.
 */
export interface StormSize {
  declarations: number;
  declarers: number;
  seconds: number;
  messagesPerSec: number;
  updateEveryMs: number;
  subscribers: number;
}

export const FULL_STORM: StormSize = {
  declarations: 50,
  declarers: 20,
  seconds: 60,
  messagesPerSec: 10,
  updateEveryMs: 10_000,
  subscribers: 20,
};

export const QUICK_STORM: StormSize = {
  declarations: 12,
  declarers: 6,
  seconds: 10,
  messagesPerSec: 10,
  updateEveryMs: 5000,
  subscribers: 5,
};

export const declarerId = (i: number) => `UDECL${String(i).padStart(2, '0')}`;
export const subscriberId = (i: number) => `USUB${String(i).padStart(2, '0')}`;

/** The storm's people, for the emulator's seed. */
export function stormUsers(size: StormSize) {
  return [
    ...Array.from({ length: size.declarers }, (_, i) => ({ id: declarerId(i + 1), name: `declarer${i + 1}` })),
    ...Array.from({ length: size.subscribers }, (_, i) => ({ id: subscriberId(i + 1), name: `subscriber${i + 1}` })),
  ];
}

export interface StormIncident {
  declaration: Declaration;
  number: number;
  channelId: string | null;
  /** The texts of the updates whose submission was answered 200. */
  updates: string[];
}

export interface StormRun {
  /** Slash commands (declare, subscribe, update) and message events: ms to the ack. */
  commandAcks: number[];
  eventAcks: number[];
  /** Requests not answered 200. */
  failed: string[];
  incidents: StormIncident[];
  messagesSkipped: number;
}

/** Runs the storm's load; resolves when its last request is answered (delivery may still go on). */
export async function runStorm(stack: Stack, size: StormSize, progress: (msg: string) => void): Promise<StormRun> {
  const { emulator } = stack;
  const run: StormRun = {
    commandAcks: [],
    eventAcks: [],
    failed: [],
    incidents: [],
    messagesSkipped: 0,
  };
  const endAt = Date.now() + size.seconds * 1000;
  const open: StormIncident[] = [];
  const timed = async <T extends { status: number }>(acks: number[], what: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const r = await fn();
    if (r.status === 200) acks.push(performance.now() - t0);
    else run.failed.push(`${what}: HTTP ${r.status}`);
    return r;
  };

  const oneIncident = async (i: number) => {
    const user = declarerId((i % size.declarers) + 1);
    const declaration = await declare(emulator, {
      user,
      channel: 'CGENERAL',
      title: `Storm incident ${i + 1}`,
      severity: 'SEV2',
      onCommandAck: (ms) => run.commandAcks.push(ms),
    });
    const inc = await declaredIncident(stack.db, declaration.viewId);
    const incident: StormIncident = { declaration, number: inc.number, channelId: null, updates: [] };
    run.incidents[i] = incident;
    // A pending declaration's channel comes later, when Slack's limit lets the outbox create it.
    const channelId = await waitForChannel(stack, declaration.viewId, endAt + 120_000);
    incident.channelId = channelId;
    // A channel that comes after the storm is checked for what it was owed, but gets no load.
    if (!channelId || Date.now() >= endAt) return;
    // The declarer talks there once invited; the invite is part of the channel's set-up.
    const member = await waitFor(
      'the declarer in the channel',
      () => (emulator.workspace.channels.get(channelId)?.members.includes(user) ? true : undefined),
      Math.max(1000, endAt - Date.now()),
      50,
    ).catch(() => false);
    if (!member) return;
    const members = emulator.workspace.channels.get(channelId)?.members;
    for (let s = 1; s <= size.subscribers; s++) {
      const sub = subscriberId(s);
      // Seeded straight into the channel: joining is not what the storm measures.
      if (members && !members.includes(sub)) members.push(sub);
      await timed(run.commandAcks, 'subscribe', () =>
        emulator.command({ user: sub, channel: channelId, text: 'subscribe' }),
      );
    }
    open.push(incident);
    for (let k = 1; Date.now() + size.updateEveryMs <= endAt; k++) {
      await sleep(size.updateEveryMs);
      const text = `Storm update ${k} for INC-${inc.number}: mitigation step ${k} done`;
      if (await postUpdate(emulator, user, channelId, inc.number, text, (ms) => run.commandAcks.push(ms), run.failed))
        incident.updates.push(text);
    }
  };

  const inFlight: Promise<unknown>[] = [];
  const messages = async () => {
    let next = Date.now();
    for (let m = 0; Date.now() < endAt; m++) {
      next += 1000 / size.messagesPerSec;
      await sleep(Math.max(0, next - Date.now()));
      const target = open[m % Math.max(1, open.length)];
      if (!target?.channelId) {
        run.messagesSkipped++;
        continue;
      }
      const channel = target.channelId;
      // Not awaited here: messages keep their pace whatever an answer costs.
      inFlight.push(
        timed(run.eventAcks, 'message', () =>
          emulator
            .postUserMessage({ user: target.declaration.user, channel, text: `storm message ${m}` })
            .then((r) => r.response),
        ).catch((e: unknown) => run.failed.push(`message: ${String(e)}`)),
      );
    }
    await Promise.all(inFlight);
  };

  const declaring = Array.from({ length: size.declarations }, async (_, i) => {
    await sleep((i * size.seconds * 1000) / size.declarations);
    if (i % 10 === 0) progress(`storm: declaration ${i + 1}/${size.declarations}`);
    await oneIncident(i).catch((e: unknown) => run.failed.push(`incident ${i + 1}: ${String(e)}`));
  });
  await Promise.all([...declaring, messages()]);
  // A declaration that failed (counted in `failed`) leaves a hole.
  run.incidents = run.incidents.filter(Boolean);
  return run;
}

async function waitForChannel(stack: Stack, viewId: string, deadline: number): Promise<string | null> {
  for (;;) {
    const { channelId } = await declaredIncident(stack.db, viewId);
    if (channelId) return channelId;
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

/** `/incident update <text>` opens the update form; the person submits it as filled. */
async function postUpdate(
  emulator: SlackEmulator,
  user: string,
  channel: string,
  incident: number,
  text: string,
  onAck: (ms: number) => void,
  failed: string[],
): Promise<boolean> {
  const ws = emulator.workspace;
  const before = new Set(ws.openViews(user).map((v) => v.id));
  const t0 = performance.now();
  const cmd = await emulator.command({ user, channel, text: `update ${text}` });
  if (cmd.status !== 200) {
    failed.push(`update: HTTP ${cmd.status}`);
    return false;
  }
  onAck(performance.now() - t0);
  const view = await waitFor('the update form', () =>
    // The same person may post updates in several incidents at once: the form names its incident.
    ws
      .openViews(user)
      .find(
        (v) =>
          !before.has(v.id) &&
          v.view.callback_id === UPDATE_MODAL &&
          v.view.private_metadata?.includes(`:${incident}}`),
      ),
  ).catch(() => undefined);
  if (!view) {
    failed.push('update: the form did not open');
    return false;
  }
  const res = await emulator.submitView({ user, viewId: view.id, values: { [UPDATE_FIELDS.text.action]: text } });
  if (res.status !== 200 || res.body !== '') {
    failed.push(`update submission: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 100)}`);
    return false;
  }
  return true;
}

export interface DeliveryCheck {
  /** Posts the database says were owed (updates in their channel, thread and subscribers' DMs; announcements). */
  owed: number;
  delivered: number;
  missing: number;
  /** Posts beyond the first of one owed message, and messages sharing one outbox step key. */
  duplicates: number;
  /** Outbox rows by status once delivery stopped. */
  outbox: Record<string, number>;
  /** The first few missing or duplicated, to look into. */
  examples: string[];
}

/**
 * What the emulator received against what was owed: each update once in its channel,
 * once in the announcement's thread and once in each subscriber's DM; each announcement
 * once; and no two messages carrying the same outbox step key.
 */
export async function checkDelivery(stack: Stack, run: StormRun, subscribers: number): Promise<DeliveryCheck> {
  const ws = stack.emulator.workspace;
  const bot = ws.botUserId;
  const out: DeliveryCheck = { owed: 0, delivered: 0, missing: 0, duplicates: 0, outbox: {}, examples: [] };
  const tally = (found: number, what: string) => {
    out.owed++;
    if (found === 0) out.missing++;
    else out.delivered++;
    out.duplicates += Math.max(0, found - 1);
    if (found !== 1 && out.examples.length < 5) out.examples.push(`${what}: ${found} found`);
  };
  const threadReplies = ws.messagesIn(ANNOUNCEMENTS).filter((m) => m.threadTs && m.threadTs !== m.ts);
  for (const inc of run.incidents) {
    if (!inc?.channelId) continue;
    const channel = ws.messagesIn(inc.channelId).filter((m) => m.user === bot);
    tally(
      ws
        .messagesIn(ANNOUNCEMENTS)
        .filter((m) => (!m.threadTs || m.threadTs === m.ts) && m.text.includes(`INC-${inc.number}:`)).length,
      `announcement of INC-${inc.number}`,
    );
    for (const text of inc.updates) {
      tally(channel.filter((m) => m.text.includes(text)).length, `'${text}' in its channel`);
      tally(threadReplies.filter((m) => m.text.includes(text)).length, `'${text}' in the announcement's thread`);
      for (let s = 1; s <= subscribers; s++)
        tally(ws.dmsTo(subscriberId(s)).filter((m) => m.text.includes(text)).length, `'${text}' to ${subscriberId(s)}`);
    }
  }
  const keys = new Map<string, number>();
  for (const messages of ws.messages.values())
    for (const m of messages) {
      const key = m.metadata?.event_payload?.key;
      if (m.user === bot && typeof key === 'string') keys.set(key, (keys.get(key) ?? 0) + 1);
    }
  for (const [key, n] of keys) {
    out.duplicates += Math.max(0, n - 1);
    if (n > 1 && out.examples.length < 10) out.examples.push(`step key ${key}: ${n} messages`);
  }
  const rows = await stack.db.db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  out.outbox = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  return out;
}
