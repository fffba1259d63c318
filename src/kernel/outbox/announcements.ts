import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../domain/incident';
import { announcementChannelOf } from '../../domain/incident-types';
import type { Policy } from '../../domain/policy';
import type { ChannelDirectory } from '../slack/channel-directory';
import type { Message } from '../slack/incident-card.view';
import { slackErrorCode } from '../slack/web-api-errors';
import type { UnitOfWork } from '../unit-of-work.ports';
import { announcementMessage } from './announcement.view';
import { declaredAnnouncement } from './notices.view';
import { type DeliveryStep, type StepContext, step } from './outbox';
import { postOnce } from './post-once';

/** The one thing an announcement reads from the timeline feature (its TimelineRepository provides it). */
export interface LatestNoteReader {
  latestNote(incidentId: number): Promise<{ text: string; at: Date } | undefined>;
}

export interface AnnouncementDeps {
  client: WebClient;
  uow: UnitOfWork<{ timeline: LatestNoteReader }>;
  policy: Policy;
  directory: ChannelDirectory;
}

/**
 * The announcement channel gets one message per incident, edited in place, and
 * the changes as replies in its thread: a busy day stays readable and the first
 * message never shows a stale severity. Callers decide whether an incident is
 * announced at all (private incidents and drills never are).
 */
export class Announcements {
  constructor(private readonly deps: AnnouncementDeps) {}

  /** Posts the announcement once and remembers where: a replayed declaration finds it stored and posts nothing. */
  post(incident: Incident): DeliveryStep {
    const { uow, policy } = this.deps;
    return step('announce', async (ctx) => {
      const channel = announcementChannelOf(policy, incident);
      if (!channel) return;
      if ((await uow.incidents.slackMessages(incident.id)).announcement) return;
      const posted = await this.postTo(channel, declaredAnnouncement(incident), ctx);
      if (posted.ts) await uow.incidents.setAnnouncement(incident.id, posted.channel, posted.ts);
    });
  }

  /** Drawn from the stored incident and its latest update, so edits run in any order end on the current state. */
  redraw(incident: Incident): DeliveryStep {
    const { uow, client } = this.deps;
    return step('edit announcement', async () => {
      const { announcement } = await uow.incidents.slackMessages(incident.id);
      if (!announcement) return;
      const [current, latest] = await Promise.all([
        uow.incidents.findById(incident.id),
        uow.timeline.latestNote(incident.id),
      ]);
      await client.chat.update({
        channel: announcement.channel,
        ts: announcement.ts,
        ...announcementMessage(current ?? incident, latest ?? null),
      });
    });
  }

  /**
   * A reply in the announcement's thread. An incident announced before
   * announcements were threaded has none stored: its news goes to the channel as before.
   */
  reply(incident: Incident, message: Message, name = 'announce in thread'): DeliveryStep {
    const { uow, client, policy } = this.deps;
    return step(name, async (ctx) => {
      const { announcement } = await uow.incidents.slackMessages(incident.id);
      if (announcement)
        return postOnce(
          client,
          { channel: announcement.channel, thread_ts: announcement.ts, ...message } as never,
          ctx,
        );
      const channel = announcementChannelOf(policy, incident);
      if (channel) await this.postTo(channel, message, ctx);
    });
  }

  /** A top-level post to a policy channel (`#name` or id), joining it first if the bot is not in it yet. */
  async postTo(ref: string, message: Message, ctx: StepContext): Promise<{ channel: string; ts?: string }> {
    const { client, directory } = this.deps;
    const channel = await directory.resolve(ref);
    if (!channel) throw Object.assign(new Error(`${ref} not found`), { data: { error: 'channel_not_found' } });
    try {
      return { channel, ts: await postOnce(client, { channel, ...message }, ctx) };
    } catch (e) {
      if (slackErrorCode(e) !== 'not_in_channel') throw e;
      await client.conversations.join({ channel });
      return { channel, ts: await postOnce(client, { channel, ...message }, ctx) };
    }
  }
}
