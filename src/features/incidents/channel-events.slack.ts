import { z } from 'zod';
import type { Listeners } from '../../kernel/slack/listener-router';
import { channelDeleted } from './channel-gone';
import type { IncidentsSlackDeps } from './incidents.ports';

const deleted = z.object({ channel: z.string().min(1) });

/** A deleted incident channel (public or private): the incident is told at once, not at its next failed post. */
export function registerChannelEvents(app: Listeners, deps: IncidentsSlackDeps): void {
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
