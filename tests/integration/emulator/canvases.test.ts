import { SlackEmulator } from '@firebreak/slack-emulator';
import { WebClient } from '@slack/web-api';
import { quiet } from '../../support/quiet-logger';

// The emulator's channel canvases, held to Slack's rules (../shared/slack-api-specs/surfaces-and-limits.md §4):
// one canvas per channel, markdown of at most 1 MiB, one change per edit, canvases:write, plans that refuse.

const TOKEN = 'xoxb-test-token';
let emu: SlackEmulator;
let slack: WebClient;

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { data?: { error?: string }; code?: string };
    return err.data?.error ?? err.code ?? String(e);
  }
}

const markdown = (text: string) => ({ type: 'markdown' as const, markdown: text });

beforeEach(async () => {
  // Time stands still: a rate limit's bucket does not refill while a test spends it.
  emu = new SlackEmulator({ signingSecret: 'secret', botToken: TOKEN, now: () => 1_767_225_600_000 });
  await emu.start();
  slack = new WebClient(TOKEN, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
});
afterEach(() => emu.stop());

test('a channel canvas is created once, listed by conversations.info, replaced by an edit', async () => {
  const created = await slack.conversations.canvases.create({
    channel_id: 'CINCIDENTS',
    document_content: markdown('# First'),
  });
  expect(created.canvas_id).toMatch(/^F/);
  expect(emu.canvasIn('CINCIDENTS')?.markdown).toBe('# First');
  const info = await slack.conversations.info({ channel: 'CINCIDENTS' });
  expect((info.channel as { properties?: { canvas?: { file_id?: string } } }).properties?.canvas?.file_id).toBe(
    created.canvas_id,
  );
  expect(
    await errorOf(
      slack.conversations.canvases.create({ channel_id: 'CINCIDENTS', document_content: markdown('# Again') }),
    ),
  ).toBe('channel_canvas_already_exists');

  await slack.canvases.edit({
    canvas_id: created.canvas_id!,
    changes: [{ operation: 'replace', document_content: markdown('# Second') }],
  });
  expect(emu.canvasIn('CINCIDENTS')).toMatchObject({ markdown: '# Second', edits: 1 });
  await slack.canvases.edit({
    canvas_id: created.canvas_id!,
    changes: [{ operation: 'insert_at_end', document_content: markdown('\nmore') }],
  });
  expect(emu.canvasIn('CINCIDENTS')?.markdown).toBe('# Second\nmore');

  await slack.canvases.delete({ canvas_id: created.canvas_id! });
  expect(emu.canvasIn('CINCIDENTS')).toBeUndefined();
  expect(
    await errorOf(
      slack.canvases.edit({
        canvas_id: created.canvas_id!,
        changes: [{ operation: 'replace', document_content: markdown('x') }],
      }),
    ),
  ).toBe('canvas_not_found');
});

test('bad arguments are refused by name, and change nothing', async () => {
  const call = (method: string, args: Record<string, unknown>) => errorOf(slack.apiCall(method, args));
  expect(await call('conversations.canvases.create', {})).toBe('invalid_arguments');
  expect(await call('conversations.canvases.create', { channel_id: 'CNOPE' })).toBe('channel_not_found');
  expect(
    await call('conversations.canvases.create', {
      channel_id: 'CINCIDENTS',
      document_content: { type: 'html', markdown: 'x' },
    }),
  ).toBe('invalid_arguments');
  expect(
    await call('conversations.canvases.create', {
      channel_id: 'CINCIDENTS',
      document_content: markdown('x'.repeat(1_048_577)),
    }),
  ).toBe('canvas_creation_failed');
  expect(emu.canvasIn('CINCIDENTS')).toBeUndefined();

  const { canvas_id } = await slack.conversations.canvases.create({ channel_id: 'CINCIDENTS' });
  const edit = (changes: unknown) => call('canvases.edit', { canvas_id, changes });
  expect(await edit([])).toBe('invalid_arguments');
  const replace = { operation: 'replace', document_content: markdown('a') };
  expect(await edit([replace, replace])).toBe('invalid_arguments');
  expect(await edit([{ operation: 'paint', document_content: markdown('a') }])).toBe('invalid_arguments');
  expect(await edit([{ operation: 'replace' }])).toBe('invalid_arguments');
  expect(await edit([{ operation: 'replace', document_content: markdown('x'.repeat(1_048_577)) }])).toBe(
    'canvas_too_large',
  );
  expect(await edit([{ operation: 'delete', section_id: 'temp:C:nope' }])).toBe('canvas_editing_failed');
  expect(await call('canvases.edit', { canvas_id: 'FNOPE', changes: [replace] })).toBe('canvas_not_found');
  expect(emu.canvasIn('CINCIDENTS')).toMatchObject({ markdown: '', edits: 0 });
});

test('a free plan, canvases turned off, or a token without canvases:write is refused as Slack does', async () => {
  const create = () => errorOf(slack.conversations.canvases.create({ channel_id: 'CINCIDENTS' }));
  emu.setCanvasPlan('free');
  expect(await create()).toBe('team_tier_cannot_create_channel_canvases');
  emu.setCanvasPlan('disabled');
  expect(await create()).toBe('canvas_disabled_user_team');
  emu.setCanvasPlan('paid');
  emu.revokeScope('canvases:write');
  expect(await create()).toBe('missing_scope');
  expect(emu.canvasIn('CINCIDENTS')).toBeUndefined();
  emu.reset();
  expect(await create()).toBe('ok');
});

test('canvases.edit is limited at Tier 3: fifty at once, then 429 with Retry-After', async () => {
  const rejecting = new WebClient(TOKEN, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
  });
  const { canvas_id } = await rejecting.conversations.canvases.create({ channel_id: 'CINCIDENTS' });
  emu.setRateLimits(true);
  const edit = (i: number) =>
    errorOf(
      rejecting.canvases.edit({
        canvas_id: canvas_id!,
        changes: [{ operation: 'replace', document_content: markdown(`# ${i}`) }],
      }),
    );
  const results: string[] = [];
  for (let i = 0; i < 51; i++) results.push(await edit(i));
  expect(results.slice(0, 50).every((r) => r === 'ok')).toBe(true);
  expect(results[50]).toBe('slack_webapi_rate_limited_error');
  expect(emu.rateLimited('canvases.edit')[0]).toMatchObject({ cause: 'limit', scope: 'workspace', retryAfter: 2 });
  expect(emu.canvasIn('CINCIDENTS')?.markdown).toBe('# 49');
});
