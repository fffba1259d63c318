import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FunctionDefinition } from '@firebreak/slack-emulator';
import { parse as parseYaml } from 'yaml';
import { DECLARE_STEP, UPDATE_STEP } from '../../../src/features/shortcuts/shortcuts.ids';
import { declare, declareAndResolve, type Harness, harnessForFile } from '../../support/harness';

// Workflow Builder's custom steps (issue 19): a run arrives as function_executed, the step's work is committed before
// Slack hears back, and the run is completed once, through the outbox, with the execution's workflow token.

const file = harnessForFile();
let h: Harness;
beforeAll(() => {
  h = file.h;
  // The emulator runs the steps manifest.yml declares, as Slack would for the installed app.
  const manifest = parseYaml(readFileSync(path.resolve(__dirname, '../../../manifest.yml'), 'utf8')) as {
    functions: Record<string, FunctionDefinition>;
  };
  h.emulator.declareFunctions(manifest.functions);
});
const ws = () => h.emulator.workspace;

async function runStep(callbackId: string, inputs: Record<string, unknown>) {
  const run = await h.emulator.executeFunction({ callbackId, inputs });
  expect(run.response.status).toBe(200);
  await h.bot.idle();
  return run;
}

const completions = (executionId: string) =>
  ws()
    .calls.filter((c) => c.method.startsWith('functions.') && c.args.function_execution_id === executionId)
    .map((c) => ({ method: c.method, ok: c.ok }));

describe('Declare an incident', () => {
  test('declares as the workflow with the given commander, and completes with the incident id and channel id', async () => {
    const run = await runStep(DECLARE_STEP, {
      title: 'Ledger API failing',
      severity: 'SEV2',
      category: 'availability',
      summary: 'Every call to the ledger API returns 502',
      commander: 'UCAROL',
    });
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', `workflow:${run.execution.id}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: 'Ledger API failing',
      severity: 'SEV2',
      category: 'Availability',
      summary: 'Every call to the ledger API returns 502',
      commander_id: 'UCAROL',
      declared_by: ws().botUserId,
      is_private: false,
    });
    expect(run.execution).toMatchObject({
      state: 'completed',
      outputs: { incident_id: `INC-${row.number}`, channel_id: row.channel_id },
    });
    expect(completions(run.execution.id)).toEqual([{ method: 'functions.completeSuccess', ok: true }]);
    // The commander is in the channel, which was set up as for any declaration.
    expect(ws().channels.get(row.channel_id!)?.members).toContain('UCAROL');

    // Slack delivers the same event again (our answer was lost): nothing new is declared or completed.
    const again = await h.emulator.sendEvent(run.execution.event, { eventId: run.eventId, retryNum: 1 });
    expect(again.status).toBe(200);
    await h.bot.idle();
    const same = await h.db.selectFrom('incidents').select('id').where('title', '=', 'Ledger API failing').execute();
    expect(same).toHaveLength(1);
    expect(completions(run.execution.id)).toEqual([{ method: 'functions.completeSuccess', ok: true }]);
  });

  test.each([
    ['an empty title', { title: '   ' }, /title is empty/],
    [
      'an unknown severity',
      { title: 'Disk full', severity: 'SEV9' },
      /Unknown severity "SEV9".*SEV1, SEV2, SEV3, SEV4/,
    ],
    ['an unknown category', { title: 'Disk full', category: 'Weather' }, /Unknown category "Weather".*Availability/],
    ['a commander who is not a person', { title: 'Disk full', commander: 'UBOT' }, /commander "UBOT" is not a person/],
    ['a title over 150 characters', { title: 'x'.repeat(151) }, /151 characters; keep it to 150/],
  ])('%s: completeError naming the problem, nothing declared', async (_name, inputs, message) => {
    const before = await h.db.selectFrom('incidents').select('id').execute();
    const run = await runStep(DECLARE_STEP, inputs);
    expect(run.execution.state).toBe('failed');
    expect(run.execution.error).toMatch(message);
    expect(await h.db.selectFrom('incidents').select('id').execute()).toHaveLength(before.length);
    expect(completions(run.execution.id)).toEqual([{ method: 'functions.completeError', ok: true }]);
  });

  test('a channel Slack refuses fails the step once, with the reason', async () => {
    h.emulator.failNext('conversations.create', { error: 'restricted_action' });
    const run = await runStep(DECLARE_STEP, { title: 'Refused channel' });
    expect(run.execution).toMatchObject({ state: 'failed', error: expect.stringContaining('restricted_action') });
    expect(completions(run.execution.id)).toEqual([{ method: 'functions.completeError', ok: true }]);
  });
});

test('Slack slow to make the channel: the event is acked once the incident is logged, and the run completes when the channel comes', async () => {
  // The first try and both retries that fit in the request fail; the worker makes the channel.
  h.emulator.failNext('conversations.create', { status: 500 }, 3);
  const run = await h.emulator.executeFunction({ callbackId: DECLARE_STEP, inputs: { title: 'Slow channel' } });
  expect(run.response.status).toBe(200);
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', `workflow:${run.execution.id}`)
    .executeTakeFirstOrThrow();
  await h.emulator.waitFor(() => run.execution.state !== 'running', 10_000);
  await h.bot.idle();
  const done = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  expect(run.execution).toMatchObject({
    state: 'completed',
    outputs: { incident_id: `INC-${row.number}`, channel_id: done.channel_id },
  });
  expect(completions(run.execution.id)).toEqual([{ method: 'functions.completeSuccess', ok: true }]);
  // Nobody was told the channel was pending: Firebreak declared, and the workflow waits on its step.
  expect(ws().calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === ws().botUserId)).toEqual([]);
});

describe('Post an incident update', () => {
  test('posts the update to an open incident named by its id, or by its channel, once', async () => {
    const row = await declare(h, 'UALICE', { title: 'Webhooks delayed', severity: 'SEV3', commander: 'UALICE' });
    const byId = await runStep(UPDATE_STEP, { incident: `INC-${row.number}`, text: 'Queue drained, watching' });
    expect(byId.execution).toMatchObject({
      state: 'completed',
      outputs: { incident_id: `INC-${row.number}`, channel_id: row.channel_id },
    });
    const byChannel = await runStep(UPDATE_STEP, { channel: row.channel_id, text: 'Back to normal latency' });
    expect(byChannel.execution.state).toBe('completed');
    const said = ws()
      .messagesIn(row.channel_id)
      .map((m) => `${m.text}${JSON.stringify(m.blocks ?? '')}`);
    expect(said.filter((t) => t.includes('Queue drained, watching'))).toHaveLength(1);
    expect(said.filter((t) => t.includes('Back to normal latency'))).toHaveLength(1);
    const notes = await h.db
      .selectFrom('timeline_entries')
      .select(['text', 'author'])
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toEqual(
      expect.arrayContaining([
        { text: 'Queue drained, watching', author: ws().botUserId },
        { text: 'Back to normal latency', author: ws().botUserId },
      ]),
    );

    await h.emulator.sendEvent(byId.execution.event, { eventId: byId.eventId, retryNum: 1 });
    await h.bot.idle();
    expect(
      ws()
        .messagesIn(row.channel_id)
        .filter((m) => `${m.text}${JSON.stringify(m.blocks ?? '')}`.includes('Queue drained, watching')),
    ).toHaveLength(1);
    expect(completions(byId.execution.id)).toEqual([{ method: 'functions.completeSuccess', ok: true }]);
  });

  test('a private incident takes no update from a workflow', async () => {
    const row = await declare(h, 'UALICE', { title: 'Leaked key', private: true, commander: 'UALICE' });
    const before = ws().messagesIn(row.channel_id).length;
    const run = await runStep(UPDATE_STEP, { incident: `INC-${row.number}`, text: 'Key rotated' });
    expect(run.execution).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/private incidents take none/),
    });
    // The error names the reference it was given, nothing of the incident.
    expect(run.execution.error).not.toContain('Leaked');
    expect(ws().messagesIn(row.channel_id)).toHaveLength(before);
  });

  test('a resolved incident, an unknown one, and an empty text: completeError, nothing posted', async () => {
    const done = await declareAndResolve(h, 'UALICE', { title: 'Old news' });
    const before = ws().messagesIn(done.channel_id).length;
    const resolved = await runStep(UPDATE_STEP, { incident: `INC-${done.number}`, text: 'Late words' });
    expect(resolved.execution).toMatchObject({ state: 'failed', error: expect.stringMatching(/resolved/i) });
    expect(ws().messagesIn(done.channel_id)).toHaveLength(before);
    const unknown = await runStep(UPDATE_STEP, { incident: 'INC-99999', text: 'Anyone?' });
    expect(unknown.execution).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/No incident "INC-99999"/),
    });
    const empty = await runStep(UPDATE_STEP, { incident: `INC-${done.number}`, text: '  ' });
    expect(empty.execution).toMatchObject({ state: 'failed', error: 'The update text is empty.' });
    const unnamed = await runStep(UPDATE_STEP, { text: 'For whom?' });
    expect(unnamed.execution).toMatchObject({ state: 'failed', error: expect.stringMatching(/Name the incident/) });
  });
});
