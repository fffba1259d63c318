import { z } from 'zod';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { IncidentsSlackDeps } from './incidents.ports';
import { membershipChanged } from './membership';

const moved = z.object({ user: z.string(), channel: z.string(), event_ts: z.string().regex(/^\d+(\.\d+)?$/) });

/**
 * Joins, leaves and removals (Slack sends member_left_channel for both) keep
 * each incident's membership true: who may see a private incident follows its
 * channel. Firebreak's own joins say nothing about people.
 */
export function registerMembershipEvents(app: Listeners, deps: IncidentsSlackDeps): void {
  const record = async (event: unknown, inChannel: boolean) => {
    const e = moved.safeParse(event);
    if (!e.success || e.data.user === deps.botUserId) return;
    await membershipChanged(deps, {
      channelId: e.data.channel,
      user: e.data.user,
      inChannel,
      eventTs: e.data.event_ts,
    });
  };
  app.event('member_joined_channel', async ({ event }) => {
    await record(event, true);
    const e = moved.safeParse(event);
    if (e.success && e.data.user !== deps.botUserId)
      await deps.joined({ channelId: e.data.channel, user: e.data.user });
  });
  app.event('member_left_channel', ({ event }) => record(event, false));
}
