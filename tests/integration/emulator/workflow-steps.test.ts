import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type FunctionDefinition, SlackEmulator } from '@firebreak/slack-emulator';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';

// Global shortcuts and Workflow Builder steps, reaching a real Bolt app (its own app.function(), complete() and
// fail()) as Slack sends them: field for field as ../shared/slack-api-specs/surfaces/ shows them.

const SECRET = 'workflow-secret';
const TOKEN = 'xoxb-workflow';
// ../shared beside the repository, when it is there (as for manifest.test.ts): the examples are compared with it.
const SURFACES = path.resolve(__dirname, '../../../../shared/slack-api-specs/surfaces');
const GLOBAL_SHORTCUT_KEYS = [
  'action_ts',
  'callback_id',
  'enterprise',
  'is_enterprise_install',
  'team',
  'token',
  'trigger_id',
  'type',
  'user',
];
const FUNCTION_EXECUTED_KEYS = [
  'bot_access_token',
  'event_ts',
  'function',
  'function_execution_id',
  'inputs',
  'type',
  'workflow_execution_id',
];
const FUNCTION_KEYS = [
  'app_id',
  'callback_id',
  'date_created',
  'date_deleted',
  'date_updated',
  'description',
  'id',
  'input_parameters',
  'output_parameters',
  'title',
  'type',
];

/** Slack's example (its fields) where ../shared holds it; else the same list, kept here. */
function exampleKeys(file: string, pick: (example: Record<string, unknown>) => object, kept: string[]): string[] {
  const at = path.join(SURFACES, file);
  if (!existsSync(at)) return kept;
  const example = JSON.parse(readFileSync(at, 'utf8')) as Record<string, unknown>;
  const keys = Object.keys(pick(example))
    .filter((k) => k !== '_source')
    .sort();
  expect(keys).toEqual(kept);
  return keys;
}

const FUNCTIONS: Record<string, FunctionDefinition> = {
  open_incident: {
    title: 'Open incident',
    description: 'Opens an incident',
    input_parameters: {
      commander: { type: 'slack#/types/user_id', title: 'Commander', is_required: true },
      summary: { type: 'string', title: 'Summary', is_required: true },
      count: { type: 'integer', title: 'Count' },
    },
    output_parameters: {
      incident_channel: { type: 'slack#/types/channel_id', title: 'Channel', is_required: true },
      note: { type: 'string', title: 'Note' },
    },
  },
  fails: { title: 'Fails', description: 'Always fails', input_parameters: {}, output_parameters: {} },
  manual: { title: 'Manual', description: 'Completed by the test', input_parameters: {}, output_parameters: {} },
};

let emu: SlackEmulator;
let app: App;
// biome-ignore lint/suspicious/noExplicitAny: payloads of every shape land here
const seen: { shortcuts: any[]; runs: any[] } = { shortcuts: [], runs: [] };

beforeAll(async () => {
  emu = new SlackEmulator({ signingSecret: SECRET, botToken: TOKEN });
  await emu.start();
  emu.declareFunctions(FUNCTIONS);
  app = new App({
    receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
    token: TOKEN,
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
  });
  app.shortcut('declare_incident', async ({ ack, shortcut }) => {
    await ack();
    seen.shortcuts.push(shortcut);
  });
  app.function('open_incident', async ({ inputs, complete, client, event }) => {
    seen.runs.push({ inputs, token: (client as unknown as { token?: string }).token, event });
    await client.chat.postMessage({ channel: 'CINCIDENTS', text: `Opening for ${String(inputs.commander)}` });
    await complete({ outputs: { incident_channel: 'CINCIDENTS' } });
  });
  app.function('fails', async ({ fail }) => {
    await fail({ error: 'Nothing to do' });
  });
  app.function('manual', async () => undefined);
  await app.init();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as { address(): AddressInfo };
  emu.botEndpoint = `http://127.0.0.1:${server.address().port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await emu?.stop();
});

test('globalShortcut sends a shortcut payload with a usable trigger_id, no channel and no response_url', async () => {
  const res = await emu.globalShortcut({ user: 'UALICE', callbackId: 'declare_incident' });
  expect(res.status).toBe(200);
  const delivery = emu.workspace.deliveries.at(-1)!;
  expect(delivery.kind).toBe('shortcut');
  const payload = delivery.payload as Record<string, unknown>;
  expect(Object.keys(payload).sort()).toEqual(exampleKeys('global-shortcut.json', (e) => e, GLOBAL_SHORTCUT_KEYS));
  expect(payload).toMatchObject({
    type: 'shortcut',
    callback_id: 'declare_incident',
    team: { id: 'T0001', domain: expect.any(String) },
    user: { id: 'UALICE', username: 'alice', team_id: 'T0001' },
  });
  expect(seen.shortcuts).toHaveLength(1);
  // The trigger opens a modal once.
  const slack = new WebClient(TOKEN, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
  const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
  await expect(slack.views.open({ trigger_id: String(payload.trigger_id), view })).resolves.toMatchObject({ ok: true });
});

test('executeFunction sends function_executed as Slack does; Bolt’s complete() with the workflow token ends it', async () => {
  const { execution, response } = await emu.executeFunction({
    callbackId: 'open_incident',
    inputs: { commander: 'UCAROL', summary: 'db down' },
  });
  expect(response.status).toBe(200);
  const envelope = emu.workspace.deliveries.at(-1)!.payload as Record<string, unknown>;
  const event = (e: Record<string, unknown>) => e.event as Record<string, unknown>;
  expect(Object.keys(event(envelope)).sort()).toEqual(
    exampleKeys('function-executed.event.json', event, FUNCTION_EXECUTED_KEYS),
  );
  expect(Object.keys(event(envelope).function as object).sort()).toEqual(
    exampleKeys('function-executed.event.json', (e) => event(e).function as object, FUNCTION_KEYS),
  );
  expect(envelope.event).toMatchObject({
    type: 'function_executed',
    function: {
      callback_id: 'open_incident',
      type: 'app',
      input_parameters: expect.arrayContaining([
        { type: 'slack#/types/user_id', name: 'commander', title: 'Commander', is_required: true },
      ]),
    },
    inputs: { commander: 'UCAROL', summary: 'db down' },
    function_execution_id: execution.id,
    bot_access_token: expect.stringMatching(/^xwfp-/),
  });
  await emu.waitFor(() => execution.state !== 'running');
  expect(execution).toMatchObject({ state: 'completed', outputs: { incident_channel: 'CINCIDENTS' } });
  // Bolt's client used the workflow token, which the emulator accepted for the execution's calls.
  expect(seen.runs.at(-1).token).toBe(execution.token);
  expect(emu.workspace.messagesIn('CINCIDENTS').at(-1)?.text).toBe('Opening for UCAROL');
});

test('fail() ends a run with completeError and its message', async () => {
  const { execution } = await emu.executeFunction({ callbackId: 'fails', inputs: {} });
  await emu.waitFor(() => execution.state !== 'running');
  expect(execution).toMatchObject({ state: 'failed', error: 'Nothing to do' });
});

describe('functions.completeSuccess / completeError refuse as Slack does', () => {
  const client = (token: string) => new WebClient(token, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error,
    );

  test('outputs that do not match output_parameters, an unknown execution, a finished one, another run’s token', async () => {
    const a = (
      await emu.executeFunction({ callbackId: 'open_incident', inputs: { commander: 'UALICE', summary: 's' } })
    ).execution;
    await emu.waitFor(() => a.state !== 'running');
    const { execution: run } = await emu.executeFunction({ callbackId: 'manual', inputs: {} });
    const own = client(run.token);
    const complete = (c: WebClient, outputs: Record<string, unknown>, id = run.id) =>
      errorOf(c.functions.completeSuccess({ function_execution_id: id, outputs }));
    expect(await complete(own, { surprise: 'x' })).toBe('parameter_validation_failed');
    expect(await complete(client(a.token), {})).toBe('access_denied');
    expect(await complete(own, {}, 'Fx0NOPE')).toBe('function_execution_not_found');
    expect(
      await errorOf(client('xwfp-forged').functions.completeSuccess({ function_execution_id: run.id, outputs: {} })),
    ).toBe('invalid_auth');
    expect(run.state).toBe('running');
    expect(await complete(own, {})).toBe('ok');
    expect(await complete(own, {})).toBe('execution_not_in_running_state');
    expect(await errorOf(own.functions.completeError({ function_execution_id: run.id, error: 'late' }))).toBe(
      'execution_not_in_running_state',
    );
    expect(await complete(client(a.token), { incident_channel: 'CINCIDENTS' }, a.id)).toBe(
      'execution_not_in_running_state',
    );
  });

  test('outputs of the wrong type and a missing required output', async () => {
    const { execution: run } = await emu.executeFunction({
      callbackId: 'open_incident',
      inputs: { commander: 'UALICE', summary: 's', count: 2 },
    });
    await emu.waitFor(() => run.state !== 'running');
    // Checked against open_incident's outputs on a fresh run completed by hand.
    const { execution: next } = await emu.executeFunction({ callbackId: 'manual', inputs: {} });
    emu.declareFunctions({ manual: FUNCTIONS.open_incident });
    const own = client(next.token);
    expect(
      await errorOf(own.functions.completeSuccess({ function_execution_id: next.id, outputs: { note: 'x' } })),
    ).toBe('parameter_validation_failed');
    expect(
      await errorOf(
        own.functions.completeSuccess({ function_execution_id: next.id, outputs: { incident_channel: 'CNOWHERE' } }),
      ),
    ).toBe('parameter_validation_failed');
    expect(
      await errorOf(
        own.functions.completeSuccess({ function_execution_id: next.id, outputs: { incident_channel: 'CGENERAL' } }),
      ),
    ).toBe('ok');
    emu.declareFunctions({ manual: { ...FUNCTIONS.manual } });
  });

  test('a workflow misuses a step: missing or mistyped inputs throw', async () => {
    await expect(emu.executeFunction({ callbackId: 'open_incident', inputs: { summary: 's' } })).rejects.toThrow(
      /missing required parameter: commander/,
    );
    await expect(
      emu.executeFunction({ callbackId: 'open_incident', inputs: { commander: 'UALICE', summary: 's', count: 'two' } }),
    ).rejects.toThrow(/count: not a valid integer/);
    await expect(emu.executeFunction({ callbackId: 'nope', inputs: {} })).rejects.toThrow(
      /declares no function 'nope'/,
    );
  });
});
