import type { WebClient } from '@slack/web-api';
import { type DueReminder, dmRecipient, type PostOutcome, type ReminderPoster } from '../app/reminders';
import type { Incident } from '../domain/incident';
import type { Policy } from '../domain/policy';
import type { Clock } from '../kernel/clock';
import type { IncidentRepository } from '../kernel/incident/incident.ports';
import type { Logger } from '../kernel/log';
import { postOnce } from '../kernel/outbox/post-once';
import type { ChannelDirectory } from '../kernel/slack/channel-directory';
import type { Message } from '../kernel/slack/incident-card.view';
import { isTransient, refusedUnprocessed, slackErrorCode } from '../kernel/slack/web-api-errors';
import {
  commanderNudge,
  followupNudge,
  redactedFollowupNudge,
  reviewNudge,
  stakeholderDigest,
  updateEscalation,
  updateNudge,
} from './views/reminders.view';

interface Target {
  /** A channel id or a user id (a DM). */
  to: string;
  message: Message;
  /** The incident's own channel: if it is gone, the whole schedule is over. */
  essential: boolean;
  /** A reply in this thread (the incident's announcement) rather than a new message. */
  threadTs?: string;
  /** This is the channel's update nudge: it replaces the one still standing. */
  nudge?: boolean;
}

const GONE = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
]);

/**
 * Posts what a due reminder owes. Each post carries its idempotency key as Slack
 * message metadata; when an earlier attempt of the same firing may have posted,
 * the recent history is checked for that key first, so a crash between posting
 * and recording does not post twice.
 */
export class SlackReminderPoster implements ReminderPoster {
  constructor(
    private readonly client: WebClient,
    private readonly policy: Policy,
    private readonly directory: ChannelDirectory,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly messages: Pick<IncidentRepository, 'slackMessages' | 'setUpdateNudgeTs'>,
  ) {}

  async post(due: DueReminder): Promise<PostOutcome> {
    const targets = await this.targets(due);
    for (const [i, t] of targets.entries()) {
      const key = `${due.idempotencyKey}-${i}`;
      let posted = false;
      try {
        const ts = await postOnce(
          this.client,
          { channel: t.to, ...t.message, ...(t.threadTs ? { thread_ts: t.threadTs } : {}) },
          { key, resumed: due.mayHavePosted },
        );
        posted = true;
        if (t.nudge && ts) await this.replaceNudge(due.incident, ts);
      } catch (e) {
        const code = slackErrorCode(e);
        if (isTransient(code)) {
          this.log.warn('reminder post failed; will retry', { incident: due.incident.number, kind: due.kind, code });
          // A 429 is refused unprocessed: if nothing of this firing can have been posted, the retry need not check history.
          return refusedUnprocessed(code) && i === 0 && !posted && !due.mayHavePosted ? 'retry_untouched' : 'retry';
        }
        this.log.warn('reminder target refused', {
          incident: due.incident.number,
          kind: due.kind,
          code,
          gone: GONE.has(code),
        });
        // Retrying cannot fix a refusal: without the incident's own channel the schedule is over;
        // a refused DM or stakeholder post is skipped and the rest still go out.
        if (t.essential)
          return t.to === due.incident.channelId && code === 'channel_not_found' ? 'channel_deleted' : 'gone';
      }
    }
    return 'posted';
  }

  /**
   * One standing nudge per incident: the one before is deleted once the new one is
   * posted. A delete Slack refuses for good (already gone) is no reason to post again.
   */
  private async replaceNudge(incident: Incident, ts: string): Promise<void> {
    const before = (await this.messages.slackMessages(incident.id)).updateNudgeTs;
    if (before && before !== ts) {
      try {
        await this.client.chat.delete({ channel: incident.channelId, ts: before });
      } catch (e) {
        if (isTransient(slackErrorCode(e))) throw e;
        this.log.warn('could not delete the previous update nudge', {
          incident: incident.number,
          code: slackErrorCode(e),
        });
      }
    }
    await this.messages.setUpdateNudgeTs(incident.id, ts);
  }

  private async targets(due: DueReminder): Promise<Target[]> {
    const i = due.incident;
    const now = this.clock.now();
    const dmTo = dmRecipient(due.kind, i, due.followup, due.escalate) ?? i.declaredBy;
    switch (due.kind) {
      case 'update_nudge': {
        const since = now.getTime() - (due.lastUpdateAt ?? i.declaredAt).getTime();
        const out: Target[] = [{ to: i.channelId, message: updateNudge(i, since), essential: true, nudge: true }];
        // Someone no longer among a private incident's people is not asked to act on it.
        if (due.escalate && !due.redacted) out.push({ to: dmTo, message: updateEscalation(i), essential: false });
        return out;
      }
      case 'commander_nudge':
        return [{ to: i.channelId, message: commanderNudge(i), essential: true }];
      case 'review_nudge':
        return due.redacted ? [] : [{ to: dmTo, message: reviewNudge(i), essential: true }];
      case 'followup_nudge':
        return [
          {
            to: dmTo,
            message: due.redacted
              ? redactedFollowupNudge(i, due.followup!.due!)
              : followupNudge(i, due.followup!.text, due.followup!.due!),
            essential: true,
          },
        ];
      case 'stakeholder_digest': {
        const digest = stakeholderDigest(i, now, due.latestUpdate, due.nextUpdateDue);
        const out: Target[] = [];
        // Private incidents never reach shared channels: only the people who subscribed.
        const ref = this.policy.stakeholderChannel ?? this.policy.announcementChannel;
        const channel = !i.isPrivate && ref ? await this.directory.resolve(ref) : undefined;
        // In the announcement channel a digest is one more reply under the incident's announcement.
        const { announcement } =
          channel && !this.policy.stakeholderChannel ? await this.messages.slackMessages(i.id) : { announcement: null };
        if (channel)
          out.push({
            to: channel,
            message: digest,
            essential: false,
            threadTs: announcement?.channel === channel ? announcement.ts : undefined,
          });
        for (const user of due.subscribers) out.push({ to: user, message: digest, essential: false });
        return out;
      }
    }
  }
}
