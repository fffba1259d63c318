import type { Listeners } from '../listener-router';
import { z } from 'zod';
import { commanderLeft } from '../../app/post-update';
import type { SlackDeps } from '../deps';

const left = z.object({ user: z.string(), channel: z.string() });

/** A commander who leaves the channel is no longer commanding: the no-commander nudge takes over. */
export function registerMembershipEvents(app: Listeners, deps: SlackDeps): void {
  app.event('member_left_channel', async ({ event }) => {
    const e = left.safeParse(event);
    if (e.success) await commanderLeft(deps, { channelId: e.data.channel, user: e.data.user });
  });
}
