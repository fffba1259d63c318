import type { Fault } from '@firebreak/slack-emulator/records';
import { declare, type Harness, type HarnessOptions, run, startHarness } from './harness';
import { pendingNotices } from './outbox';
import { GUIDED_POLICY, PLAN } from './recovery-policy';

/**
 * Issue 5's fault rule, method by method: with every Web API method an incident's
 * life makes Firebreak call failing (HTTP 500 twice, or hanging past the client's
 * timeout while Slack still acts on it), every message owed still arrives, once.
 */

let h: Harness;

const ws = () => h.emulator.workspace;
const texts = (channel: string) =>
  ws()
    .messagesIn(channel)
    .map((m) => m.text);
const count = (channel: string, part: string) => texts(channel).filter((t) => t.includes(part)).length;

/** The methods each phase makes Firebreak call through the outbox. */
const PHASES = {
  declare: ['conversations.invite', 'chat.postMessage', 'pins.add', 'conversations.setTopic', 'bookmarks.add'],
  change: ['chat.postMessage', 'chat.update', 'conversations.setTopic', 'conversations.invite'],
  review: ['files.getUploadURLExternal', 'files.completeUploadExternal', 'chat.postMessage'],
  close: ['chat.postMessage', 'conversations.archive', 'conversations.setTopic', 'chat.update'],
} as const;

/**
 * Waits until the outbox owes nothing, retries backing off included. bot.idle() (and so run()) waits only for
 * what can go out now, and on this real clock a failed step's retry is seconds away: without this, a phase's
 * faults would still be queued when the next phase injects its own, stacking backoffs past any bound.
 */
async function allDelivered(): Promise<void> {
  await h.emulator.waitFor(async () => (await pendingNotices(h.db)) === 0, 60_000);
  await h.bot.idle();
}

/** Defines the test for one kind of fault; each kind has its own file, so they run side by side. */
export function faultMatrix(name: string, fault: Fault, times: number, options: HarnessOptions = {}): void {
  beforeAll(async () => {
    // Every step fails and backs off (1 s, 2 s…) before it lands: a phase's work takes longer than idle()'s default.
    h = await startHarness({ policy: GUIDED_POLICY, idleTimeoutMs: 60_000, ...options });
  });
  afterAll(() => h?.stop());

  test(`${name} on every method an incident uses: every owed message arrives exactly once, and the record is right throughout`, async () => {
    const inject = (methods: readonly string[]) => {
      for (const m of methods) h.emulator.failNext(m, fault, times);
    };
    const callsBefore = ws().calls.length;
    const title = `Faulty ${fault.status ?? 'hang'}`;

    inject(PHASES.declare);
    const row = await declare(h, 'UALICE', { title, severity: 'SEV1', category: 'Data', commander: 'UALICE' });
    const ch = row.channel_id;
    await h.emulator.waitFor(
      () => (ws().bookmarks.get(ch) ?? []).length === 2 && count(ch, 'Recovery guide for') === 1,
      40_000,
    );
    await allDelivered();

    inject(PHASES.change);
    await run(h, 'UALICE', ch, 'role scribe <@UBOB>');
    await run(h, 'UALICE', ch, 'status investigating');
    await run(h, 'UALICE', ch, 'resolve Failed over to the replica');
    expect(
      await h.db
        .selectFrom('incidents')
        .select(['status', 'scribe_id'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'resolved',
      scribe_id: 'UBOB',
    });
    await allDelivered();

    inject(PHASES.review);
    await run(h, 'UALICE', ch, 'review');
    const view = await h.emulator.waitFor(() =>
      ws()
        .openViews('UALICE')
        .find((v) => v.view.callback_id === 'firebreak_review'),
    );
    expect(
      (
        await h.emulator.submitView({
          user: 'UALICE',
          viewId: view.id,
          values: { summary: 'Primary lost its disk', customerImpact: 'Writes failed', rootCause: 'A full disk' },
        })
      ).body,
    ).toBe('');
    await h.emulator.waitFor(() => count(ch, 'published the post-incident review') === 1, 40_000);
    await allDelivered();

    inject(PHASES.close);
    await run(h, 'UALICE', ch, 'close');
    expect(
      (await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status,
    ).toBe('closed');
    await h.emulator.waitFor(() => ws().channels.get(ch)!.isArchived, 60_000);
    // Whatever was still owed when the archive landed has had its chance.
    await allDelivered();

    // In the incident channel: one header (pinned), one checklist, one message per change, one review file, one closing summary.
    expect(ws().pins.get(ch) ?? []).toHaveLength(1);
    expect(count(ch, 'Recovery guide for')).toBe(1);
    expect((ws().bookmarks.get(ch) ?? []).map((b) => b.link)).toEqual([
      'https://wiki.example.com/runbooks/data',
      PLAN.url,
    ]);
    expect(count(ch, 'the *scribe*')).toBe(1);
    expect(count(ch, 'to *Investigating*')).toBe(1);
    expect(count(ch, 'resolved')).toBeGreaterThanOrEqual(1);
    expect(count(ch, 'published the post-incident review')).toBe(1);
    expect([...ws().files.values()].filter((f) => f.channels.includes(ch))).toHaveLength(1);
    expect(count(ch, 'closed the incident')).toBe(1);
    expect(ws().channels.get(ch)!.members).toEqual(expect.arrayContaining(['UALICE', 'UBOB']));
    expect(ws().channels.get(ch)!.topic).toContain('Closed');
    // The scribe's duties were DMed once.
    expect(
      ws()
        .dmsTo('UBOB')
        .filter((m) => m.text.includes(`INC-${row.number}`) && m.text.includes('scribe')),
    ).toHaveLength(1);

    // In #incidents: each announcement once.
    const announced = (part: string) =>
      texts('CINCIDENTS').filter((t) => t.includes(`INC-${row.number}`) && t.includes(part)).length;
    expect(announced(title)).toBeGreaterThanOrEqual(1);
    expect(announced('post-incident review')).toBe(1);
    const perAnnouncement = texts('CINCIDENTS').filter((t) => t.includes(`INC-${row.number}`));
    expect(new Set(perAnnouncement).size).toBe(perAnnouncement.length);

    // Every injected fault was really hit.
    const faulted = new Set(
      ws()
        .calls.slice(callsBefore)
        .filter((c) => c.fault)
        .map((c) => c.method),
    );
    for (const m of new Set(Object.values(PHASES).flat())) expect([m, faulted.has(m)]).toEqual([m, true]);
  }, 240_000);
}
