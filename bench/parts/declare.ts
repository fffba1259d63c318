import type { SlackEmulator } from '@firebreak/slack-emulator';
import { ANNOUNCEMENTS, announcedAt, declare, declaredIncident, firstSeen } from '../lib/declare';
import { postSigned, slashCommandBody } from '../lib/load';
import { judge, summarize } from '../lib/maths';
import { type Part, type PartOptions, waitFor } from '../lib/part';
import { BOT_TOKEN, type BotProcess, LATENCY_MS, SIGNING_SECRET, startStack } from '../lib/stack';

const GOAL_FACTOR = 1.2;
const USER = 'UALICE';

/**
 * Part 1, the declaration as the declarer feels it. The unavoidable sequential path
 * from submit to seeing the channel link is the submission's own round trip (what a
 * bare Bolt app answering the same signed request costs) plus one `conversations.create`
 * (a Web API round trip to the emulator, latency included): everything else (invites,
 * header, pin, topic, announcement) can run after it or beside it. Both are measured in
 * this run, so the goal holds on a slow machine as on a fast one.
 */
export const declarePart: Part = {
  name: 'declare',
  goals: [`p50 submit → channel link shown <= ${GOAL_FACTOR} × (bare submission round trip + one Web API call)`],
  async run(o: PartOptions) {
    const n = o.quick ? 4 : 20;
    const { emulator, bot, db, bare } = await startStack(o, { latencyMs: LATENCY_MS }, true);
    const floor = await measureFloor(o, emulator, bare as BotProcess);
    const ws = emulator.workspace;
    // One unmeasured declaration warms the path (JIT, pools, caches a running bot has).
    const samples = [];
    for (let i = 0; i <= n; i++) {
      if (i % 5 === 0) o.progress(`declaration ${i}/${n}`);
      const callsBefore = ws.calls.length;
      const d = await declare(emulator, {
        user: USER,
        channel: 'CGENERAL',
        title: `Bench incident ${i}`,
        severity: 'SEV2',
      });
      const inc = await declaredIncident(db, d.viewId);
      const channel = inc.channelId;
      if (!channel) throw new Error(`INC-${inc.number} has no channel: Slack was too slow for the declare path`);
      const linkAt = await waitFor('the channel link', () => firstSeen(emulator, d, (t) => t.includes(channel)));
      const announced = await waitFor(`INC-${inc.number}'s announcement`, () => announcedAt(emulator, inc.number));
      await bot.idle();
      const calls = ws.calls.slice(callsBefore);
      if (i === 0) continue;
      samples.push({
        linkMs: linkAt - d.submittedAt,
        announceMs: announced - d.submittedAt,
        calls: calls.length,
        // Calls made after the submission and before the link was shown: the declarer waited for these.
        criticalCalls: calls.filter((c) => c.at >= d.submittedAt && c.at <= linkAt).map((c) => c.method),
        methods: calls.map((c) => c.method),
      });
    }
    const link = summarize(samples.map((s) => s.linkMs));
    const announce = summarize(samples.map((s) => s.announceMs));
    const baselineMs = floor.submitMs + floor.apiMs;
    const last = samples[samples.length - 1];
    return {
      goals: [judge('p50 submit → channel link shown', link.p50, '<=', GOAL_FACTOR * baselineMs, 'ms')],
      figures: {
        declarations: n,
        latencyMs: LATENCY_MS,
        baseline: { ms: baselineMs, bareSubmissionMs: floor.submitMs, webApiCallMs: floor.apiMs },
        linkMs: link,
        announcementMs: announce,
        callsPerDeclaration: summarize(samples.map((s) => s.calls)).mean,
        criticalPathCalls: last.criticalCalls,
        calls: countBy(last.methods),
        announcementChannel: ANNOUNCEMENTS,
      },
    };
  },
};

/** p50 of a bare Bolt app's answer to a signed request, and of one Web API call to the emulator. */
async function measureFloor(
  o: PartOptions,
  emulator: SlackEmulator,
  bare: BotProcess,
): Promise<{ submitMs: number; apiMs: number }> {
  const ws = emulator.workspace;
  const submit: number[] = [];
  const api: number[] = [];
  for (let i = 0; i <= (o.quick ? 10 : 20); i++) {
    const body = slashCommandBody({
      text: 'status',
      userId: USER,
      channelId: 'CGENERAL',
      teamId: ws.teamId,
      responseUrl: `${emulator.url}/response/unused`,
    });
    const r = await postSigned(bare.eventsUrl, SIGNING_SECRET, body, 'application/x-www-form-urlencoded');
    const t0 = performance.now();
    const res = await fetch(`${emulator.apiUrl}conversations.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=CGENERAL',
    });
    await res.text();
    // The first of each warms the connection.
    if (i === 0) continue;
    submit.push(r.ms);
    api.push(performance.now() - t0);
  }
  await bare.stop();
  return { submitMs: summarize(submit).p50, apiMs: summarize(api).p50 };
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
