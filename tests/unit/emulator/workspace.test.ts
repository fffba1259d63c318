import { ApiError } from '@firebreak/slack-emulator/errors';
import { fileMethods } from '@firebreak/slack-emulator/methods/files';
import { DEFAULT_USERS, Workspace } from '@firebreak/slack-emulator/workspace';

function workspace(clock: { t: number }) {
  return new Workspace({
    teamId: 'T0001',
    botUserId: 'UBOT',
    now: () => clock.t,
    users: DEFAULT_USERS,
    channels: [{ id: 'CINCIDENTS', name: 'incidents', members: ['UALICE', 'UBOT'] }],
  });
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ApiError ? e.code : String(e);
  }
  return 'no error';
};

describe('message ts', () => {
  test('comes from the clock as seconds.micros', () => {
    const ws = workspace({ t: 1_700_000_000_123 });
    expect(ws.nextTs()).toBe('1700000000.123000');
  });

  test('is unique and increasing when the clock stands still or goes back', () => {
    const clock = { t: 1_700_000_000_000 };
    const ws = workspace(clock);
    const a = ws.nextTs();
    const b = ws.nextTs();
    clock.t -= 5000;
    const c = ws.nextTs();
    expect([a, b, c]).toEqual(['1700000000.000000', '1700000000.000001', '1700000000.000002']);
    clock.t += 10_000;
    expect(ws.nextTs()).toBe('1700000005.000000');
  });

  test('rolls micros over into seconds', () => {
    const ws = workspace({ t: 1_700_000_000_999 });
    const seen = Array.from({ length: 1001 }, () => ws.nextTs());
    expect(seen[0]).toBe('1700000000.999000');
    expect(seen[999]).toBe('1700000000.999999');
    expect(seen[1000]).toBe('1700000001.000000');
  });
});

describe('trigger_id', () => {
  test('works once, within 3 s of the emulator clock', () => {
    const clock = { t: 1_700_000_000_000 };
    const ws = workspace(clock);
    const t1 = ws.issueTrigger('UALICE');
    expect(ws.useTrigger(t1).user).toBe('UALICE');
    expect(code(() => ws.useTrigger(t1))).toBe('exchanged_trigger_id');
    const t2 = ws.issueTrigger('UALICE');
    clock.t += 3001;
    expect(code(() => ws.useTrigger(t2))).toBe('expired_trigger_id');
    expect(code(() => ws.useTrigger('12345.98765.abcd'))).toBe('invalid_trigger_id');
    expect(code(() => ws.useTrigger(undefined))).toBe('invalid_trigger_id');
  });
});

describe('lookups and visibility', () => {
  test('the bot user exists; private channels the bot is not in are invisible', () => {
    const ws = workspace({ t: 0 });
    expect(ws.users.get('UBOT')?.isBot).toBe(true);
    const secret = ws.addChannel({ name: 'secret', isPrivate: true, members: ['UALICE'] }, 'UALICE');
    expect(code(() => ws.visibleChannel(secret.id))).toBe('channel_not_found');
    secret.members.push('UBOT');
    expect(ws.visibleChannel(secret.id)).toBe(secret);
    expect(ws.channelByName('#secret')).toBe(secret);
  });

  test('posting to a user id opens the DM; dmsTo lists bot messages there', () => {
    const ws = workspace({ t: 0 });
    const id = ws.postTarget('UBOB');
    expect(id).toBe('DBOB');
    ws.addMessage({ channel: id, user: 'UBOT', text: 'hi bob' });
    ws.addMessage({ channel: id, user: 'UBOB', text: 'hi bot' });
    expect(ws.dmsTo('UBOB').map((m) => m.text)).toEqual(['hi bob']);
    expect(ws.dmsTo('UCAROL')).toEqual([]);
  });

  test('thread replies count on the parent', () => {
    const ws = workspace({ t: 0 });
    const parent = ws.addMessage({ channel: 'CINCIDENTS', user: 'UBOT', text: 'parent' });
    ws.addMessage({ channel: 'CINCIDENTS', user: 'UALICE', text: 'reply', threadTs: parent.ts });
    expect(parent.replyCount).toBe(1);
    expect(ws.threadReplies('CINCIDENTS', parent.ts).map((m) => m.text)).toEqual(['reply']);
  });
});

describe('files', () => {
  test('fileContent reads the uploaded bytes as text; reset forgets files', () => {
    const ws = workspace({ t: 1_700_000_000_000 });
    const { file_id } = fileMethods['files.getUploadURLExternal'](ws, { filename: 'a.md', length: 4 }) as {
      file_id: string;
    };
    expect(ws.fileContent(file_id)).toBeUndefined();
    ws.files.get(file_id)!.content = Buffer.from('# hi');
    ws.files.get(file_id)!.size = 4;
    expect(ws.fileContent(file_id)).toBe('# hi');
    expect(code(() => fileMethods['files.info'](ws, { file: file_id }))).toBe('file_not_found');
    fileMethods['files.completeUploadExternal'](ws, {
      files: JSON.stringify([{ id: file_id, title: 'Notes' }]),
      channel_id: 'CINCIDENTS',
    });
    expect(ws.messagesIn('CINCIDENTS').at(-1)).toMatchObject({ user: 'UBOT', text: '', files: [file_id] });
    expect(ws.files.get(file_id)).toMatchObject({ title: 'Notes', completed: true, mimetype: 'text/markdown' });
    ws.reset();
    expect(ws.files.size).toBe(0);
  });
});
