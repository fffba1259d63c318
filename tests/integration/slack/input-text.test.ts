import { DECLARE_FIELDS as F } from '../../../src/features/incidents/incidents.ids';
import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import { declare, declareValues, type Harness, openDeclare, run, startHarness, submitRaw } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { announcementChannel: 'CINCIDENTS' } });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const incidentCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('incidents')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('titles are capped at 150 characters', () => {
  test('the declare form refuses 151 characters with a field error and records nothing; 150 are fine', async () => {
    const view = await openDeclare(h, 'UALICE');
    const title = view.view.blocks?.find((b) => b.block_id === F.title.block);
    expect(title?.element?.max_length).toBe(150);

    const before = await incidentCount();
    // A client that skips Slack's own max_length check: the server still refuses.
    const res = await submitRaw(h, 'UALICE', view.id, declareValues({ title: 'x'.repeat(151) }));
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [F.title.block]: 'Keep the title to 150 characters or fewer (this one has 151).' },
    });
    expect(await incidentCount()).toBe(before);

    const ok = await declare(h, 'UALICE', { title: 'y'.repeat(150) });
    expect(ok.title).toBe('y'.repeat(150));
  });

  test('/incident declare with a longer title offers it whole and says what is wrong on submit', async () => {
    const long = `Checkout fails ${'for every card payment in every region '.repeat(5)}`.trim();
    expect(long.length).toBeGreaterThan(150);
    const view = await openDeclare(h, 'UBOB', 'CGENERAL', long);
    const title = view.view.blocks?.find((b) => b.block_id === F.title.block)?.element;
    expect(title?.initial_value).toBe(long);
    const before = await incidentCount();
    const res = await h.emulator.submitView({ user: 'UBOB', viewId: view.id, values: declareValues({}) });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [F.title.block]: `Keep the title to 150 characters or fewer (this one has ${long.length}).` },
    });
    expect(await incidentCount()).toBe(before);
  });
});

describe('user text cannot format the messages it is shown in', () => {
  test('a title with *bold*, _italic_, ~strike~ and `code` leaves the announcement bold whole', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'DB *primary* down for _some_ ~users~ `eu-1`',
      commander: 'UALICE',
    });
    const announcement = ws()
      .messagesIn('CINCIDENTS')
      .find((m) => m.text.includes(`*INC-${row.number}: `))!;
    // After the status icon (an emoji code, whose underscores are Slack's own).
    const firstLine = announcement.text.split('\n')[0].replace(/^:[a-z_]+: /, '');
    expect(firstLine).toBe(
      `*INC-${row.number}: DB \u2217primary\u2217 down for \u02cdsome\u02cd \u223cusers\u223c \u02cbeu-1\u02cb*`,
    );
    // The only formatting marks left are the bold's own pair.
    expect(firstLine.match(/[*_~`]/g)).toEqual(['*', '*']);
    // What was typed is stored as typed.
    expect(row.title).toBe('DB *primary* down for _some_ ~users~ `eu-1`');
  });

  test('the list and the status card keep their own bold around a formatted title', async () => {
    const row = await declare(h, 'UALICE', { title: 'Cache *hot* _key_', commander: 'UALICE' });
    const list = (await run(h, 'UALICE', 'CGENERAL', 'list')).raw.at(-1)!;
    expect(JSON.stringify(list.blocks)).toContain(`*INC-${row.number}*: Cache \u2217hot\u2217 \u02cdkey\u02cd`);
    const card = (await run(h, 'UALICE', row.channel_id, 'status')).raw.at(-1)!;
    expect(JSON.stringify(card.blocks)).toContain(`*INC-${row.number}: Cache \u2217hot\u2217 \u02cdkey\u02cd*`);
  });

  test('notes keep emoji codes but not formatting', async () => {
    const row = await declare(h, 'UALICE', { title: 'Emoji in notes', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'note :white_check_mark: *done* with db_primary');
    const note = ws().messagesIn(row.channel_id).at(-1)!;
    expect(note.text).toBe(
      ':memo: <@UALICE> added a note to the key timeline: :white_check_mark: \u2217done\u2217 with db\u02cdprimary',
    );
  });
});

describe('form errors are plain text', () => {
  /** `user` opens the update form in `channel` and submits `status`: what the Status field says. */
  async function statusError(user: string, channel: string, status: string) {
    await run(h, user, channel, 'update Looking');
    const view = ws()
      .openViews(user)
      .find((v) => v.view.callback_id === 'firebreak_update')!;
    const res = await h.emulator.submitView({ user, viewId: view.id, values: { [U.status.action]: status } });
    expect(res.body).toMatchObject({ response_action: 'errors' });
    return (res.body as { errors: Record<string, string> }).errors[U.status.block];
  }

  test('a refusal in the update form names people and shows no emoji code or mrkdwn', async () => {
    const row = await declare(h, 'UALICE', { title: 'Plain errors', commander: 'UALICE', severity: 'SEV3' });
    await run(h, 'UALICE', row.channel_id, 'invite <@UBOB>');
    await run(h, 'UALICE', row.channel_id, 'status investigating');
    expect(await statusError('UBOB', row.channel_id, 'resolved')).toBe(
      'Only the commander @alice (or a Firebreak admin) can resolve this incident. Nothing was changed.',
    );
  });

  test('leaving triage without a severity: no :warning:, no backticks', async () => {
    const row = await declare(h, 'UALICE', { title: 'No severity yet', commander: 'UALICE' });
    expect(await statusError('UALICE', row.channel_id, 'investigating')).toBe(
      'Set a severity before leaving triage: /incident severity SEV1..SEV4. Nothing was changed.',
    );
  });
});
