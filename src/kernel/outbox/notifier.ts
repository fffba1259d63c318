import type { WebClient } from '@slack/web-api';
import { drillMark, type Incident } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { Policy } from '../../domain/policy';
import type { OfferedGuide } from '../../domain/recovery';
import { feedbackRequestMessage } from '../../features/feedback/feedback.view';
import {
  followupAddedMessage,
  followupAssignedDm,
  noteMessage,
  redactedFollowupAssignedDm,
} from '../../features/followups/team-notices.view';
import type { RecoveryRepositories } from '../../features/recovery/recovery.ports';
import { checklistMessage, drillDueMessage } from '../../features/recovery/recovery.view';
import { reminderSteps } from '../../features/updates/reminders.delivery';
import type { RemindersNeed } from '../../features/updates/reminders.ports';
import { isOneOfItsPeople } from '../incident/query-incidents';
import type { ReplyTarget } from '../incident/reservation.ports';
import type { Logger } from '../log';
import type { ChannelDirectory } from '../slack/channel-directory';
import { headerMessage, type Message, topicText } from '../slack/incident-card.view';
import { isTransient, refusedUnprocessed, retryAfterMs, slackErrorCode } from '../slack/web-api-errors';
import type { UnitOfWork } from '../unit-of-work.ports';
import { Announcements } from './announcements';
import type { Notice } from './notice';
import {
  changeAnnouncement,
  changeMessage,
  declaredConfirmation,
  declareFailedText,
  declarePendingText,
  reviewAnnouncement,
  reviewPostedComment,
  roleDutiesMessage,
  updateMessage,
} from './notices.view';
import type { DeliveryStep, Failure, NoticeDelivery, StepContext } from './outbox';
import { postOnce } from './post-once';
import { uploadOnce } from './upload-once';

export interface SlackDeliveryDeps {
  client: WebClient;
  uow: UnitOfWork<RecoveryRepositories & RemindersNeed>;
  policy: Policy;
  directory: ChannelDirectory;
  botUserId: string;
  log: Logger;
}

/** The bot's mark on a pinned or :pushpin:-ed message: it is in the key timeline now. */
export const KEY_CONFIRMATION = 'white_check_mark';

/** Private incidents never leave their channel; drills are never announced as if real. */
const broadcast = (incident: Incident): boolean => !incident.isPrivate && !incident.isDrill;

type Ctx = StepContext;
const step = (name: string, run: (ctx: Ctx) => Promise<unknown>): DeliveryStep => ({
  name,
  run: async (ctx) => void (await run(ctx)),
});

/**
 * What Slack is owed for each notice, as an ordered list of steps the outbox
 * worker runs and records one by one. Steps read what earlier ones produced (the
 * header's ts, the review's permalink) from the database, so a delivery resumed
 * in another process has everything it needs.
 */
export class SlackNoticeDelivery implements NoticeDelivery {
  private readonly announcements: Announcements;
  constructor(private readonly deps: SlackDeliveryDeps) {
    this.announcements = new Announcements(deps);
  }

  classify(error: unknown): Failure {
    const code = slackErrorCode(error);
    if (!isTransient(code)) return { transient: false, code };
    return { transient: true, code, retryAfterMs: retryAfterMs(error), untouched: refusedUnprocessed(code) };
  }

  steps(notice: Notice): DeliveryStep[] {
    const { client } = this.deps;
    switch (notice.type) {
      case 'declared':
        return this.declared(notice.incident, notice.reply);
      case 'declare_pending':
        return [
          step('tell declarer the channel is pending', (ctx) =>
            this.tell(notice.reply, declarePendingText(notice.incident.number, notice.channelName), ctx),
          ),
        ];
      case 'declare_failed':
        return [
          step('tell declarer the channel was refused', (ctx) =>
            this.tell(notice.reply, declareFailedText(notice.incident.number, notice.error), ctx),
          ),
        ];
      case 'changed':
        return this.changed(notice.incident, notice.before, notice.event);
      case 'review_submitted':
        return this.reviewSubmitted(notice.incident, notice.document, notice.actor, notice.actionItems);
      case 'recovery_offered':
        return this.recoveryOffered(notice.incident, notice.guide);
      case 'step_ticked':
        return [this.redrawChecklist(notice.incident)];
      case 'drill_due':
        return notice.owners.map((owner) =>
          step('DM drill owner', (ctx) => postOnce(client, { channel: owner, ...drillDueMessage(notice) }, ctx)),
        );
      case 'feedback_requested':
        // One step per person, so a retried delivery DMs nobody twice.
        return notice.users.map((user) =>
          this.dmItsPeople('DM feedback request', notice.incident, user, (ctx) =>
            postOnce(client, { channel: user, ...feedbackRequestMessage(notice.incident) }, ctx),
          ),
        );
      case 'update_posted':
        return this.updatePosted(
          notice.incident,
          updateMessage(notice.incident, notice.text, notice.actor, notice.nextUpdateDue),
          notice.subscribers,
        );
      case 'note_added':
        return [
          step('post note', (ctx) =>
            postOnce(
              client,
              { channel: notice.incident.channelId, ...noteMessage(notice.text, notice.actor, notice.toStakeholders) },
              ctx,
            ),
          ),
        ];
      case 'followup_added':
        return this.followupAdded(notice.incident, notice.followup, notice.actor, notice.ownerOnly === true);
      case 'reminder_fired':
        return reminderSteps(this.deps, notice);
      case 'key_marked':
        // Reactions are idempotent by nature: a resumed delivery finding its own mark is done.
        return [
          step('confirm mark', () =>
            this.ignoring('already_reacted', () =>
              client.reactions.add({
                channel: notice.incident.channelId,
                timestamp: notice.ts,
                name: KEY_CONFIRMATION,
              }),
            ),
          ),
        ];
    }
  }

  private declared(incident: Incident, reply: ReplyTarget): DeliveryStep[] {
    const { client, uow } = this.deps;
    const channel = incident.channelId;
    return [
      ...this.invites(incident, [incident.declaredBy, incident.roles.commander]),
      step('post header', async (ctx) => {
        const ts = await postOnce(client, { channel, ...headerMessage(incident) }, ctx);
        if (ts) await uow.incidents.setHeaderTs(incident.id, ts);
      }),
      step('pin header', async () => {
        const ts = (await uow.incidents.findById(incident.id))?.headerTs;
        if (ts) await this.ignoring('already_pinned', () => client.pins.add({ channel, timestamp: ts }));
      }),
      step('set topic', () => client.conversations.setTopic({ channel, topic: topicText(incident) })),
      ...(broadcast(incident) ? [this.announcements.post(incident)] : []),
      step('confirm to declarer', () => this.reply(reply, declaredConfirmation(incident), channel)),
    ];
  }

  private changed(incident: Incident, before: Incident, event: IncidentEvent): DeliveryStep[] {
    const { client, uow } = this.deps;
    const channel = incident.channelId;
    const c = event.change;
    const steps: DeliveryStep[] = [];
    if (c.kind === 'invited') steps.push(...this.invites(incident, c.users));
    if (c.kind === 'role') steps.push(...this.invites(incident, [c.to]));
    steps.push(step('post change', (ctx) => postOnce(client, { channel, ...changeMessage(incident, event) }, ctx)));
    if (topicText(before) !== topicText(incident)) {
      steps.push(step('set topic', () => client.conversations.setTopic({ channel, topic: topicText(incident) })));
    }
    steps.push(
      step('update header', async () => {
        const ts = (await uow.incidents.findById(incident.id))?.headerTs;
        if (ts) await client.chat.update({ channel, ts, ...headerMessage(incident) });
      }),
    );
    if (c.kind === 'role') {
      steps.push(
        step('DM role duties', (ctx) =>
          postOnce(client, { channel: c.to, ...roleDutiesMessage(incident, c.role, event.actor) }, ctx),
        ),
      );
    }
    if (broadcast(incident)) {
      steps.push(this.announcements.redraw(incident));
      const announcement = changeAnnouncement(incident, event);
      if (announcement) steps.push(this.announcements.reply(incident, announcement));
    }
    if (c.kind === 'status' && c.to === 'closed') {
      steps.push(
        step('archive channel', () =>
          this.ignoring('already_archived', () => client.conversations.archive({ channel })),
        ),
      );
    }
    return steps;
  }

  /** The owner learns of it when it is given, as the rule of private incidents allows: details only to its people. */
  private followupAdded(
    incident: Incident,
    followup: Extract<Notice, { type: 'followup_added' }>['followup'],
    actor: string,
    ownerOnly: boolean,
  ): DeliveryStep[] {
    const { client, uow } = this.deps;
    const steps = ownerOnly
      ? []
      : [
          step('post follow-up', (ctx) =>
            postOnce(client, { channel: incident.channelId, ...followupAddedMessage(followup, actor) }, ctx),
          ),
        ];
    const owner = followup.owner;
    if (owner && owner !== this.deps.botUserId) {
      steps.push(
        step('DM follow-up owner', async (ctx) => {
          const message = (await isOneOfItsPeople(uow, incident, owner))
            ? followupAssignedDm(incident, followup, actor)
            : redactedFollowupAssignedDm(incident, followup, actor);
          await postOnce(client, { channel: owner, ...message }, ctx);
        }),
      );
    }
    return steps;
  }

  private recoveryOffered(incident: Incident, guide: OfferedGuide): DeliveryStep[] {
    const { client, uow } = this.deps;
    const channel_id = incident.channelId;
    const links = [guide.runbook, guide.plan].filter((l): l is { title: string; url: string } => !!l);
    return [
      ...links.map((link) =>
        step('bookmark', async (ctx) => {
          // An earlier attempt whose answer was lost may have added it: bookmarks have no idempotency key, so look first.
          if (ctx.resumed) {
            const { bookmarks } = await client.bookmarks.list({ channel_id });
            if (bookmarks?.some((b) => b.link === link.url)) return;
          }
          await client.bookmarks.add({ channel_id, type: 'link', title: link.title.slice(0, 100), link: link.url });
        }),
      ),
      step('post checklist', async (ctx) => {
        const ts = await postOnce(client, { channel: channel_id, ...checklistMessage(incident, guide, []) }, ctx);
        if (ts) await uow.recovery.setMessageTs(incident.id, ts);
      }),
    ];
  }

  /** Drawn from the steps stored as done, so redraws in any order end on the same, complete message. */
  private redrawChecklist(incident: Incident): DeliveryStep {
    return step('update checklist', async () => {
      const checklist = await this.deps.uow.recovery.get(incident.id);
      if (!checklist?.messageTs) return;
      await this.deps.client.chat.update({
        channel: incident.channelId,
        ts: checklist.messageTs,
        ...checklistMessage(incident, checklist.guide, checklist.doneSteps),
      });
    });
  }

  private updatePosted(incident: Incident, message: Message, subscribers: string[]): DeliveryStep[] {
    const { client, policy } = this.deps;
    const steps = [step('post update', (ctx) => postOnce(client, { channel: incident.channelId, ...message }, ctx))];
    // Private incidents reach only their subscribers, never a shared channel. Without a
    // stakeholder channel of its own, the update goes in the announcement's thread.
    if (broadcast(incident)) {
      steps.push(this.announcements.redraw(incident));
      const own = policy.stakeholderChannel;
      steps.push(
        own
          ? step('update stakeholders', (ctx) => this.announcements.postTo(own, message, ctx))
          : this.announcements.reply(incident, message, 'update stakeholders'),
      );
    }
    for (const user of subscribers)
      steps.push(
        this.dmItsPeople('DM subscriber', incident, user, (ctx) =>
          postOnce(client, { channel: user, ...message }, ctx),
        ),
      );
    return steps;
  }

  /**
   * A DM about the incident, sent only if `user` is still one of its people when
   * the step runs: someone removed from a private incident's channel after the
   * notice was queued is not told. The step stays in the list either way, so a
   * resumed delivery counts its steps the same.
   */
  private dmItsPeople(
    name: string,
    incident: Incident,
    user: string,
    run: (ctx: Ctx) => Promise<unknown>,
  ): DeliveryStep {
    return step(name, async (ctx) => {
      if (await isOneOfItsPeople(this.deps.uow, incident, user)) await run(ctx);
    });
  }

  private reviewSubmitted(incident: Incident, document: string, actor: string, actionItems: number): DeliveryStep[] {
    const { client, uow } = this.deps;
    const steps = [
      step('upload review', async (ctx) => {
        const ledger = {
          started: (key: string, id: string) => uow.reviews.startUpload(incident.id, key, id),
          find: () => uow.reviews.upload(incident.id),
        };
        const file = await uploadOnce(
          client,
          ledger,
          {
            channel: incident.channelId,
            filename: `INC-${incident.number}-review.md`,
            title: `${drillMark(incident)}INC-${incident.number} post-incident review`,
            content: document,
            initialComment: reviewPostedComment(incident, actor, actionItems),
          },
          ctx,
        );
        await uow.reviews.setFile(incident.id, file.id, file.permalink);
      }),
    ];
    if (broadcast(incident)) {
      steps.push(
        step('announce review', async (ctx) => {
          const permalink = (await uow.reviews.get(incident.id))?.filePermalink ?? null;
          await this.announcements.reply(incident, reviewAnnouncement(incident, permalink)).run(ctx);
        }),
      );
    }
    return steps;
  }

  /** One call per person: Slack refuses a whole batch for one bad member. */
  private invites(incident: Incident, users: (string | null)[]): DeliveryStep[] {
    const wanted = [...new Set(users)].filter((u): u is string => !!u && u !== this.deps.botUserId);
    return wanted.map((user) =>
      step('invite', () =>
        this.ignoring('already_in_channel', () =>
          this.deps.client.conversations.invite({ channel: incident.channelId, users: user }),
        ),
      ),
    );
  }

  private async reply(target: ReplyTarget, text: string, fallbackChannel: string): Promise<void> {
    if (target.responseUrl) {
      const res = await fetch(target.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
      if (res?.ok) return;
      this.deps.log.warn('response_url refused the reply; falling back to an ephemeral', { status: res?.status });
    }
    await this.deps.client.chat
      .postEphemeral({ channel: target.channelId ?? fallbackChannel, user: target.user, text })
      .catch(async (error) => {
        // The declarer's channel may be one the bot is not in: the incident channel always works.
        if (slackErrorCode(error) !== 'channel_not_found' && slackErrorCode(error) !== 'not_in_channel') throw error;
        await this.deps.client.chat.postEphemeral({ channel: fallbackChannel, user: target.user, text });
      });
  }

  /** Before an incident has a channel: the command's own reply, else a DM. */
  private async tell(target: ReplyTarget, text: string, ctx: Ctx): Promise<void> {
    if (target.responseUrl || target.channelId) {
      try {
        await this.reply({ ...target, channelId: target.channelId ?? target.user }, text, target.user);
        return;
      } catch (e) {
        if (!isTransient(slackErrorCode(e)))
          this.deps.log.warn('could not reply where the declare came from; sending a DM', { code: slackErrorCode(e) });
        else throw e;
      }
    }
    await postOnce(this.deps.client, { channel: target.user, text }, ctx);
  }

  private async ignoring(code: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (e) {
      if (slackErrorCode(e) !== code) throw e;
    }
  }
}
