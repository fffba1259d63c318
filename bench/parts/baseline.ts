import { channelTraffic, failures, type TrafficResult } from '../lib/load';
import { round, summarize } from '../lib/maths';
import type { Part, PartOptions } from '../lib/part';
import { type BotProcess, startStack } from '../lib/stack';
import { incidentChannel } from './ingest';

/**
 * Part 6, the side-by-side floor: the bare Bolt app (same Bolt, receiver and signature
 * check, listeners that only ack; its own process) answers the same signed requests as
 * Firebreak in the same run, bare Bolt before and after Firebreak so drift over the run
 * hits both alike. Reported as ratios, not judged: it makes figures from a noisy
 * machine comparable between runs.
 */
export const baselinePart: Part = {
  name: 'baseline',
  goals: [],
  summary: (f) => {
    const r = f.ratio as Record<string, number>;
    return [
      `  ratio Firebreak / bare Bolt: events p50 ${r.eventsP50}x, p99 ${r.eventsP99}x; commands p50 ${r.commandsP50}x, p99 ${r.commandsP99}x`,
    ];
  },
  async run(o: PartOptions) {
    const seconds = o.quick ? 3 : 20;
    const stack = await startStack(o, {}, true);
    const bare = stack.bare as BotProcess;
    const target = await incidentChannel(stack);
    const send = channelTraffic(stack.emulator, target);
    const traffic = (url: string, secs: number) => send(url, 50, 10, secs);
    o.progress('warm-up…');
    await traffic(bare.eventsUrl, o.quick ? 1 : 3);
    await traffic(stack.bot.eventsUrl, o.quick ? 1 : 3);
    o.progress(
      `bare Bolt ${seconds / 2} s, Firebreak ${seconds} s, bare Bolt ${seconds / 2} s at 50 events/s + 10 commands/s…`,
    );
    const bareRuns = [await traffic(bare.eventsUrl, seconds / 2)];
    const firebreak = await traffic(stack.bot.eventsUrl, seconds);
    bareRuns.push(await traffic(bare.eventsUrl, seconds / 2));
    await stack.bot.idle();
    const merged: TrafficResult = {
      events: bareRuns.flatMap((r) => r.events),
      commands: bareRuns.flatMap((r) => r.commands),
      texts: [],
    };
    const figures = (r: TrafficResult) => ({
      events: summarize(r.events.map((x) => x.ms)),
      commands: summarize(r.commands.map((x) => x.ms)),
      failures: failures([...r.events, ...r.commands]),
    });
    const fb = figures(firebreak);
    const floor = figures(merged);
    return {
      goals: [],
      figures: {
        seconds,
        firebreak: fb,
        bareBolt: floor,
        ratio: {
          eventsP50: round(fb.events.p50 / floor.events.p50),
          eventsP99: round(fb.events.p99 / floor.events.p99),
          commandsP50: round(fb.commands.p50 / floor.commands.p50),
          commandsP99: round(fb.commands.p99 / floor.commands.p99),
        },
      },
    };
  },
};
