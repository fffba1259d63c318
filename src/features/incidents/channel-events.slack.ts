import { z } from 'zod';
import type { RemindersNeed } from '../../app/reminders.ports';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Listeners } from '../../slack/listener-router';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';
import type { ChannelGateway } from './channel.ports';
import { channelDeleted } from './channel-gone';

const deleted = z.object({ channel: z.string().min(1) });

/** A deleted incident channel (public or private): the incident is told at once, not at its next failed post. */
export function registerChannelEvents(
  app: Listeners,
  deps: SlackDeps<RemindersNeed & FeedbackRepositories & RecoveryRepositories> & { channels: ChannelGateway },
): void {
  const record = async (event: unknown) => {
    const e = deleted.safeParse(event);
    if (!e.success) return;
    const number = await channelDeleted(deps, e.data.channel);
    if (number !== undefined)
      deps.log.warn("an incident's channel was deleted: its channel reminders stop", {
        incident: number,
        channel: e.data.channel,
      });
  };
  app.event('channel_deleted', ({ event }) => record(event));
  app.event('group_deleted', ({ event }) => record(event));
}
