import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Running, runFromEnv } from '../../src/cli/run';
import { createLogger } from '../../src/kernel/log';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { declareValues, formAnswer } from '../support/harness';

// `npm start`, Ctrl-C, `npm start` again: the sandbox workspace lives under DATA_DIR
// beside the database, so incidents kept in PostgreSQL still have their channels.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const sandbox = (dataDir: string, lines: string[] = []) =>
  runFromEnv(
    { DATABASE_URL: database.url, PORT: '0', ADMIN_PORT: '0', EMULATOR_PORT: '0', DATA_DIR: dataDir },
    createLogger('info', (l) => lines.push(l)),
  );

async function declareIn(running: Running, title: string) {
  const emu = running.emulator!;
  const before = new Set(emu.workspace.openViews('UALICE').map((v) => v.id));
  await emu.command({ user: 'UALICE', channel: 'CGENERAL', text: `declare ${title}` });
  const view = await emu.waitFor(() => emu.workspace.openViews('UALICE').find((v) => !before.has(v.id)));
  const res = await emu.submitView({
    user: 'UALICE',
    viewId: view.id,
    values: declareValues({ title, severity: 'SEV2', commander: 'UALICE' }),
  });
  expect(formAnswer(res)).toMatch(/^:white_check_mark: INC-\d+ is declared\./);
  await running.bot.idle();
  return database.db.selectFrom('incidents').selectAll().where('declare_key', '=', view.id).executeTakeFirstOrThrow();
}

test('a restarted sandbox is the same workspace: channels, history, DMs, members and clock', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fb-restart-'));
  const first = await sandbox(dataDir);
  let row: Awaited<ReturnType<typeof declareIn>>;
  let before: { name: string; members: string[]; messages: string[]; dm: string[] };
  try {
    row = await declareIn(first, 'Payments down');
    const emu = first.emulator!;
    await emu.postUserMessage({ user: 'UALICE', channel: row.channel_id!, text: 'rolling back the deploy' });
    await emu.command({ user: 'UALICE', channel: row.channel_id!, text: 'invite <@UBOB>' });
    await emu.postUserMessage({ user: 'UBOB', channel: emu.workspace.imFor('UBOB').id, text: 'hello Firebreak' });
    await first.bot.idle();
    first.clock!.advance(90 * 60_000);
    const ch = emu.workspace.channels.get(row.channel_id!)!;
    before = {
      name: ch.name,
      members: [...ch.members],
      messages: emu.workspace.messagesIn(ch.id).map((m) => m.text),
      dm: emu.workspace.messagesIn(emu.workspace.imFor('UBOB').id).map((m) => m.text),
    };
    expect(before.messages).toContain('rolling back the deploy');
    expect(before.members).toContain('UBOB');
    expect(before.dm).toContain('hello Firebreak');
  } finally {
    await first.stop();
  }
  // Written whole and renamed into place: no temporary file is left behind.
  expect(readdirSync(dataDir).filter((f) => f.startsWith('sandbox-workspace'))).toEqual(['sandbox-workspace.json']);

  const lines: string[] = [];
  const second = await sandbox(dataDir, lines);
  try {
    const ws = second.emulator!.workspace;
    expect(lines.join('\n')).toContain('the sandbox workspace from the last run is back');
    const ch = ws.channels.get(row.channel_id!);
    expect(ch).toMatchObject({ name: before.name, members: before.members });
    expect(ws.messagesIn(row.channel_id!).map((m) => m.text)).toEqual(before.messages);
    expect(ws.messagesIn(ws.imFor('UBOB').id).map((m) => m.text)).toEqual(before.dm);
    expect(second.clock!.offsetMs).toBeGreaterThanOrEqual(90 * 60_000);
    // The bot still works in the old channel. Its scheduler runs too, and the clock moved
    // 90 minutes, so an update nudge may land beside the status change: look at all that came.
    const already = ws.messagesIn(row.channel_id!).length;
    await second.emulator!.command({ user: 'UALICE', channel: row.channel_id!, text: 'status investigating' });
    await second.bot.idle();
    expect(
      ws
        .messagesIn(row.channel_id!)
        .slice(already)
        .map((m) => m.text),
    ).toContainEqual(expect.stringContaining('Investigating'));
    // A new declaration gets a new channel: ids and timestamps carry on from the last run.
    const next = await declareIn(second, 'Search slow');
    expect(next.channel_id).toBeTruthy();
    expect(next.channel_id).not.toBe(row.channel_id);
    expect(ws.channels.get(row.channel_id!)?.name).toBe(before.name);
  } finally {
    await second.stop();
  }
});

test('an unreadable saved workspace is kept aside and the sandbox starts fresh, saying so', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fb-restart-'));
  writeFileSync(join(dataDir, 'sandbox-workspace.json'), '{"format":1,"workspace":');
  const lines: string[] = [];
  const running = await sandbox(dataDir, lines);
  try {
    expect(lines.join('\n')).toContain('the saved sandbox workspace could not be read');
    expect(running.emulator!.workspace.channelByName('incidents')).toBeDefined();
    expect(readdirSync(dataDir).some((f) => f.startsWith('sandbox-workspace.json.unreadable-'))).toBe(true);
  } finally {
    await running.stop();
  }
  expect(existsSync(join(dataDir, 'sandbox-workspace.json'))).toBe(true);
});
