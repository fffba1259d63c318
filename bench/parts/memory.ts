import { channelTraffic, failures } from '../lib/load';
import { judge, round, slope, summarize } from '../lib/maths';
import { type Part, type PartOptions, sleep } from '../lib/part';
import { type BotProcess, drained, startStack } from '../lib/stack';
import { FULL_STORM, QUICK_STORM, runStorm } from '../lib/storm';
import { incidentChannel } from './ingest';
import { DRAIN_MS, stormEmulator } from './storm';

const GOAL_STORM_RSS_MB = 150;
/**
 * No growth trend: the least-squares slope of the bot's RSS over the steady load, its
 * first quarter left out as warm-up (heap growing to its working size, JIT, pools), must
 * stay under 1 MB a minute. Each steady sample follows a full collection in the bot:
 * left alone its RSS climbs some 50 MB and drops back every minute or two, a sawtooth
 * whose phase alone would tilt a 10-minute slope by several MB/min; after a collection
 * it reads what the bot keeps, where a leak shows. Over the quick run's 30 s the slope
 * is indicative only.
 */
const GOAL_SLOPE_MB_PER_MIN = 1;
const WARMUP_SHARE = 0.25;

/**
 * Part 4, the bot's memory, read from /proc as the resident set of its own process:
 * its peak during the storm (the same workload as part 2), then a steady load of
 * message events and `/incident status` for 10 minutes (quick: 30 s), sampled.
 */
export const memoryPart: Part = {
  name: 'memory',
  goals: [
    `RSS during the storm <= ${GOAL_STORM_RSS_MB} MB`,
    `RSS slope over the steady load < ${GOAL_SLOPE_MB_PER_MIN} MB/min`,
  ],
  async run(o: PartOptions) {
    const size = o.quick ? { ...QUICK_STORM, seconds: 6, declarations: 6 } : FULL_STORM;
    const steadySeconds = o.quick ? 30 : 600;
    const stack = await startStack(o, stormEmulator(size));
    const rssStart = stack.bot.rssMb();
    o.progress(`storm (${size.declarations} declarations in ${size.seconds} s) with RSS sampled…`);
    // The storm's delivery is part of the storm, and the steady load then starts from a settled bot.
    const stormSamples = await sampled(stack.bot, o.quick ? 500 : 2000, async () => {
      await runStorm(stack, size, o.progress);
      await drained(stack, o.quick ? DRAIN_MS.quick : DRAIN_MS.full).catch(() =>
        o.progress('storm delivery not done; going on'),
      );
    });
    const target = await incidentChannel(stack, 'UDECL01');
    o.progress(`steady load, ${steadySeconds} s, 20 events/s + 4 commands/s, RSS sampled…`);
    const steadyStart = performance.now();
    const steady = await sampled(
      stack.bot,
      o.quick ? 2000 : 10_000,
      () => channelTraffic(stack.emulator, target)(stack.bot.eventsUrl, 20, 4, steadySeconds),
      true,
    );
    const points = steady.samples
      .map((s) => ({ x: (s.at - steadyStart) / 60_000, y: s.mb }))
      .filter((p) => p.x >= (WARMUP_SHARE * steadySeconds) / 60);
    const peak = Math.max(...stormSamples.samples.map((s) => s.mb));
    const perMin = slope(points);
    return {
      goals: [
        judge('peak RSS of the bot during the storm', peak, '<=', GOAL_STORM_RSS_MB, 'MB'),
        judge(
          `RSS slope over ${steadySeconds} s of steady load (after warm-up)`,
          perMin,
          '<',
          GOAL_SLOPE_MB_PER_MIN,
          'MB/min',
        ),
      ],
      figures: {
        storm: size,
        rssAtStartMb: round(rssStart),
        stormRssMb: summarize(stormSamples.samples.map((s) => s.mb)),
        steadySeconds,
        steadyRssMb: summarize(steady.samples.map((s) => s.mb)),
        slopeMbPerMin: round(perMin),
        samples: steady.samples.map((s) => round(s.mb)),
        steadyFailures: failures([...steady.result.events, ...steady.result.commands]),
      },
    };
  },
};

/** Runs `fn` while reading the bot's RSS every `everyMs`, after a full collection in the bot when `collect`. */
async function sampled<T>(bot: BotProcess, everyMs: number, fn: () => Promise<T>, collect = false) {
  const samples: { at: number; mb: number }[] = [];
  const read = async () => {
    if (collect) await bot.collect();
    samples.push({ at: performance.now(), mb: bot.rssMb() });
  };
  let running = true;
  const reading = (async () => {
    while (running) {
      await read();
      await sleep(everyMs);
    }
  })();
  try {
    return { result: await fn(), samples };
  } finally {
    running = false;
    await reading;
  }
}
