import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import type { Firebreak } from '../../../src/main';
import { declare, type Harness, run, startHarness, startReplica } from '../../support/harness';

// Short enough that forty slow DMs outlast it many times over, long enough that one step never does.
const LEASE_MS = 2_000;
const SUBSCRIBERS = Array.from({ length: 40 }, (_, i) => `USUB${String(i).padStart(2, '0')}`);

let h: Harness;
let second: Firebreak;
beforeAll(async () => {
  h = await startHarness({ outboxLeaseMs: LEASE_MS });
  second = await startReplica(h, { outboxLeaseMs: LEASE_MS });
});
afterAll(async () => {
  await second?.stop();
  await h?.stop();
});

describe('the outbox lease under a slow Slack', () => {
  test('an update DMed to 40 subscribers while Slack answers each post slowly: two replicas, each DM posted exactly once', async () => {
    const ws = h.emulator.workspace;
    const row = await declare(h, 'UALICE', { title: 'Slow Slack', severity: 'SEV3', commander: 'UALICE' });
    for (const id of SUBSCRIBERS) {
      ws.addUser({ id, name: id.toLowerCase(), realName: `Subscriber ${id}` });
      // Stakeholders who joined the channel to follow it.
      ws.channels.get(row.channel_id)!.members.push(id);
      const { replies } = await run(h, id, row.channel_id, 'subscribe');
      expect(replies.join()).toContain('by DM');
    }
    // Each post takes 150 ms: the 42 posts of this notice take about three leases.
    h.emulator.failNext('chat.postMessage', { hangMs: 150 }, 42);
    await run(h, 'UALICE', row.channel_id, 'update');
    const view = ws.openViews('UALICE').find((v) => v.view.callback_id === 'firebreak_update')!;
    const started = Date.now();
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: { [U.text.action]: 'Rolled back the deploy' },
    });
    expect(res.body).toBe('');
    await second.idle();
    await h.bot.idle();
    const took = Date.now() - started;

    const dms = (user: string) => ws.dmsTo(user).filter((m) => m.text.includes('Rolled back the deploy'));
    for (const id of SUBSCRIBERS) expect({ id, dms: dms(id).length }).toEqual({ id, dms: 1 });
    expect(ws.messagesIn(row.channel_id).filter((m) => m.text.includes('Rolled back the deploy'))).toHaveLength(1);
    const last = await h.db
      .selectFrom('outbox')
      .select(['status', 'attempts'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // Claimed once and never taken over, though delivering it outlasted the lease three times.
    expect(last).toEqual({ status: 'done', attempts: 1 });
    expect(took).toBeGreaterThan(3 * LEASE_MS);
  }, 90_000);
});
