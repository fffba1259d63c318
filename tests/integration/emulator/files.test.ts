import { SlackEmulator } from '@firebreak/slack-emulator';
import { WebClient } from '@slack/web-api';
import { quiet } from '../../support/quiet-logger';

// File uploads the way @slack/web-api's filesUploadV2 does them, against the
// emulator over real HTTP: getUploadURLExternal, POST the bytes, complete.

const TOKEN = 'xoxb-files';
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

/** Steps 1 and 2 by hand: a file id whose upload_url received `body`. */
async function uploaded(
  body: string | Buffer,
  length = Buffer.byteLength(body),
  filename = 'notes.txt',
): Promise<string> {
  const r = await slack.files.getUploadURLExternal({ filename, length });
  const res = await fetch(r.upload_url!, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  expect(res.status).toBe(200);
  return r.file_id!;
}

beforeEach(async () => {
  emu = new SlackEmulator({ signingSecret: 's', botToken: TOKEN });
  await emu.start();
  slack = new WebClient(TOKEN, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
});

afterEach(async () => {
  await emu.stop();
});

test('filesUploadV2 round trip: the file is stored, shared with its comment, and readable', async () => {
  const text = '# Postmortem\n\nDatabase failover took 4 minutes. ✓\n';
  const res = await slack.filesUploadV2({
    channel_id: 'CINCIDENTS',
    file: Buffer.from(text),
    filename: 'postmortem.md',
    title: 'INC-7 postmortem',
    initial_comment: 'The postmortem draft',
  });
  expect(res.ok).toBe(true);
  const [completion] = res.files as unknown as { ok: boolean; files: Record<string, unknown>[] }[];
  const [file] = completion.files;
  expect(file).toMatchObject({
    id: expect.stringMatching(/^F/),
    name: 'postmortem.md',
    title: 'INC-7 postmortem',
    mimetype: 'text/markdown',
    size: Buffer.byteLength(text),
    channels: ['CINCIDENTS'],
    user: 'UBOT',
    permalink: expect.stringContaining(emu.url),
    url_private: expect.stringContaining(emu.url),
  });
  const id = file.id as string;

  const ws = emu.workspace;
  expect(ws.fileContent(id)).toBe(text);
  expect(ws.files.get(id)).toMatchObject({
    title: 'INC-7 postmortem',
    channels: ['CINCIDENTS'],
    completed: true,
    user: 'UBOT',
  });
  const share = ws.messagesIn('CINCIDENTS').at(-1)!;
  expect(share).toMatchObject({ user: 'UBOT', text: 'The postmortem draft', files: [id] });

  const history = await slack.conversations.history({ channel: 'CINCIDENTS' });
  expect(history.messages?.[0]).toMatchObject({
    text: 'The postmortem draft',
    upload: true,
    files: [{ id, title: 'INC-7 postmortem' }],
  });

  for (const url of [file.permalink, file.url_private, file.url_private_download] as string[]) {
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await got.text()).toBe(text);
  }

  const info = await slack.files.info({ file: id });
  expect(info.file).toMatchObject({
    id,
    name: 'postmortem.md',
    shares: { public: { CINCIDENTS: [{ ts: share.ts }] } },
  });
  expect(info.content).toBe(text);
});

test('content strings, threads, and several files in one message', async () => {
  const parent = await slack.chat.postMessage({ channel: 'CINCIDENTS', text: 'INC-8' });
  await slack.filesUploadV2({
    channel_id: 'CINCIDENTS',
    thread_ts: parent.ts!,
    initial_comment: 'Logs attached',
    file_uploads: [
      { content: 'line 1\nline 2\n', filename: 'app.log' },
      { content: 'a,b\n1,2\n', filename: 'data.csv', title: 'Data' },
    ],
  });
  const replies = emu.workspace.threadReplies('CINCIDENTS', parent.ts!);
  expect(replies).toHaveLength(1);
  expect(replies[0].text).toBe('Logs attached');
  const [log, csv] = replies[0].files!.map((id) => emu.workspace.files.get(id)!);
  expect(log).toMatchObject({ name: 'app.log', title: 'app.log', mimetype: 'text/plain' });
  expect(csv).toMatchObject({ name: 'data.csv', title: 'Data', mimetype: 'text/csv' });
  expect(emu.workspace.fileContent(csv.id)).toBe('a,b\n1,2\n');
});

test('upload_url takes raw bytes or multipart form-data and answers OK - <size>', async () => {
  const a = await slack.files.getUploadURLExternal({ filename: 'a.txt', length: 5 });
  const raw = await fetch(a.upload_url!, { method: 'POST', body: 'hello' });
  expect(await raw.text()).toBe('OK - 5');

  const b = await slack.files.getUploadURLExternal({ filename: 'b.txt', length: 3 });
  const form = new FormData();
  form.append('filename', new Blob(['abc']), 'b.txt');
  const multipart = await fetch(b.upload_url!, { method: 'POST', body: form });
  expect(await multipart.text()).toBe('OK - 3');
  expect(emu.workspace.fileContent(b.file_id!)).toBe('abc');

  expect((await fetch(`${emu.url}/upload/FNOPE`, { method: 'POST', body: 'x' })).status).toBe(404);
});

test('a file is invisible until completed; completing works once', async () => {
  const id = await uploaded('draft');
  expect(await errorOf(slack.files.info({ file: id }))).toBe('file_not_found');
  expect(emu.workspace.files.get(id)!.completed).toBe(false);
  // No channel: the file stays private to the bot, but exists.
  await slack.files.completeUploadExternal({ files: [{ id }] });
  expect((await slack.files.info({ file: id })).file?.channels).toEqual([]);
  expect(await errorOf(slack.files.completeUploadExternal({ files: [{ id }], channel_id: 'CINCIDENTS' }))).toBe(
    'file_not_found',
  );
});

test('refusals: bad arguments, unknown or never-uploaded ids, size mismatch, channels', async () => {
  expect(await errorOf(slack.files.getUploadURLExternal({ filename: 'x.txt', length: 0 }))).toBe('missing_argument');
  expect(await errorOf(slack.apiCall('files.getUploadURLExternal', { length: 3 }))).toBe('invalid_arguments');
  expect(await errorOf(slack.apiCall('files.getUploadURLExternal', { filename: 'x.txt' }))).toBe('invalid_arguments');
  expect(await errorOf(slack.apiCall('files.completeUploadExternal', {}))).toBe('invalid_arguments');

  expect(await errorOf(slack.files.completeUploadExternal({ files: [{ id: 'FNOPE' }] }))).toBe('file_not_found');
  const never = await slack.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
  expect(await errorOf(slack.files.completeUploadExternal({ files: [{ id: never.file_id! }] }))).toBe('file_not_found');

  const short = await uploaded('abc', 10);
  expect(await errorOf(slack.files.completeUploadExternal({ files: [{ id: short }], channel_id: 'CINCIDENTS' }))).toBe(
    'file_uploaded_size_mismatch',
  );

  const id = await uploaded('report');
  expect(await errorOf(slack.files.completeUploadExternal({ files: [{ id }], channel_id: 'CGENERAL' }))).toBe(
    'not_in_channel',
  );
  expect(await errorOf(slack.files.completeUploadExternal({ files: [{ id }], channel_id: 'CNOPE' }))).toBe(
    'channel_not_found',
  );
  // A refusal changes nothing: the same upload can still be completed.
  expect(emu.workspace.files.get(id)!.completed).toBe(false);
  expect(emu.workspace.messagesIn('CGENERAL')).toEqual([]);
  await slack.files.completeUploadExternal({ files: [{ id }], channel_id: 'CINCIDENTS' });
  expect(emu.workspace.files.get(id)!.channels).toEqual(['CINCIDENTS']);
});

test('filesUploadV2 into an archived channel fails with is_archived', async () => {
  const { channel } = await slack.conversations.create({ name: 'inc-9' });
  await slack.conversations.archive({ channel: channel!.id! });
  const err = await errorOf(slack.filesUploadV2({ channel_id: channel!.id!, content: 'x', filename: 'x.txt' }));
  expect(err).toBe('is_archived');
  expect(emu.workspace.messagesIn(channel!.id!)).toEqual([]);
});

test('a user id as channel shares the file in the bot DM', async () => {
  await slack.filesUploadV2({ channel_id: 'UALICE', content: 'for you', filename: 'note.txt' });
  const dm = emu.workspace.dmsTo('UALICE');
  expect(dm).toHaveLength(1);
  const file = emu.workspace.files.get(dm[0].files![0])!;
  expect(file.channels).toEqual([emu.workspace.imFor('UALICE').id]);
});
