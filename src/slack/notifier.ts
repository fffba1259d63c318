import type { WebClient } from '@slack/web-api';
import type { Notice, Notifier, ReplyTarget, UnitOfWork } from '../app/ports';
import type { Incident } from '../domain/incident';
import type { IncidentEvent } from '../domain/incident-event';
import type { Policy } from '../domain/policy';
import type { Logger } from '../log';
import type { ChannelDirectory } from './channel-directory';
import { headerMessage, type Message, topicText } from './views/incident-card.view';
import {
  changeAnnouncement,
  changeMessage,
  declaredAnnouncement,
  declaredConfirmation,
  reviewAnnouncement,
  reviewPostedComment,
  roleDutiesMessage,
  updateMessage,
} from './views/notices.view';
import { keepAliveFetch } from './http-fetch';
import { slackErrorCode } from './web-api-errors';

export interface SlackNotifierDeps {
  client: WebClient;
  uow: UnitOfWork;
  policy: Policy;
  directory: ChannelDirectory;
  botUserId: string;
  log: Logger;
}

/**
 * Sends what Slack is owed after a change was committed. Notices of one incident
 * go out in order (a queue per incident); a failed step is logged and the next
 * still runs, so one refused invite does not cost the announcement.
 */
export class SlackNotifier implements Notifier {
  private readonly queues = new Map<number, Promise<void>>();

  constructor(private readonly deps: SlackNotifierDeps) {}

  notify(notice: Notice): void {
    const id = notice.incident.id;
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(notice)).catch((e) => this.deps.log.error('notice failed', { incident: notice.incident.number, error: e }));
    this.queues.set(id, next);
    void next.finally(() => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    });
  }

  /** Resolves once every notice handed in so far has been delivered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  private async deliver(notice: Notice): Promise<void> {
    switch (notice.type) {
      case 'declared':
        return this.declared(notice.incident, notice.reply);
      case 'changed':
        return this.changed(notice.incident, notice.before, notice.event);
      case 'review_submitted':
        return this.reviewSubmitted(notice.incident, notice.document, notice.actor, notice.actionItems);
      case 'update_posted':
        return this.updatePosted(notice.incident, updateMessage(notice.incident, notice.text, notice.actor, notice.nextUpdateDue), notice.subscribers);
    }
  }

  private async declared(incident: Incident, reply: ReplyTarget): Promise<void> {
    const { client, uow } = this.deps;
    const channel = incident.channelId;
    await this.invite(incident, [incident.declaredBy, incident.roles.commander]);
    const ts = await this.step(incident, 'post header', async () => {
      const res = await client.chat.postMessage({ channel, ...headerMessage(incident) });
      await uow.incidents.setHeaderTs(incident.id, res.ts!);
      return res.ts!;
    });
    if (ts) await this.step(incident, 'pin header', () => client.pins.add({ channel, timestamp: ts }));
    await this.step(incident, 'set topic', () => client.conversations.setTopic({ channel, topic: topicText(incident) }));
    if (!incident.isPrivate) await this.announce(incident, declaredAnnouncement(incident));
    await this.step(incident, 'confirm to declarer', () => this.reply(reply, declaredConfirmation(incident), channel));
  }

  private async changed(incident: Incident, before: Incident, event: IncidentEvent): Promise<void> {
    const { client } = this.deps;
    const channel = incident.channelId;
    const c = event.change;
    if (c.kind === 'invited') await this.invite(incident, c.users);
    if (c.kind === 'role') await this.invite(incident, [c.to]);
    await this.step(incident, 'post change', () => client.chat.postMessage({ channel, ...changeMessage(incident, event) }));
    if (topicText(before) !== topicText(incident)) {
      await this.step(incident, 'set topic', () => client.conversations.setTopic({ channel, topic: topicText(incident) }));
    }
    if (incident.headerTs) {
      const ts = incident.headerTs;
      await this.step(incident, 'update header', () => client.chat.update({ channel, ts, ...headerMessage(incident) }));
    }
    if (c.kind === 'role') {
      await this.step(incident, 'DM role duties', () => client.chat.postMessage({ channel: c.to, ...roleDutiesMessage(incident, c.role, event.actor) }));
    }
    const announcement = changeAnnouncement(incident, event);
    if (announcement && !incident.isPrivate) await this.announce(incident, announcement);
    if (c.kind === 'status' && c.to === 'closed') {
      await this.step(incident, 'archive channel', async () => {
        try {
          await client.conversations.archive({ channel });
        } catch (e) {
          if (slackErrorCode(e) !== 'already_archived') throw e;
        }
      });
    }
  }

  private async updatePosted(incident: Incident, message: Message, subscribers: string[]): Promise<void> {
    const { client, policy } = this.deps;
    await this.step(incident, 'post update', () => client.chat.postMessage({ channel: incident.channelId, ...message }));
    // Private incidents reach only their subscribers, never a shared channel.
    const stakeholders = policy.stakeholderChannel ?? policy.announcementChannel;
    if (!incident.isPrivate && stakeholders) {
      await this.step(incident, 'update stakeholders', async () => {
        const channel = await this.deps.directory.resolve(stakeholders);
        if (!channel) throw new Error(`stakeholder channel ${stakeholders} not found`);
        await this.postJoiningIfNeeded(channel, message);
      });
    }
    for (const user of subscribers) await this.step(incident, 'DM subscriber', () => client.chat.postMessage({ channel: user, ...message }));
  }

  private async postJoiningIfNeeded(channel: string, message: Message): Promise<void> {
    try {
      await this.deps.client.chat.postMessage({ channel, ...message });
    } catch (e) {
      if (slackErrorCode(e) !== 'not_in_channel') throw e;
      await this.deps.client.conversations.join({ channel });
      await this.deps.client.chat.postMessage({ channel, ...message });
    }
  }

  private async reviewSubmitted(incident: Incident, document: string, actor: string, actionItems: number): Promise<void> {
    const { client, uow } = this.deps;
    const permalink = await this.step(incident, 'upload review', async () => {
      const res = (await client.filesUploadV2({
        channel_id: incident.channelId,
        file: Buffer.from(document, 'utf8'),
        filename: `INC-${incident.number}-review.md`,
        title: `INC-${incident.number} post-incident review`,
        initial_comment: reviewPostedComment(incident, actor, actionItems),
      })) as { files?: { files?: { id?: string; permalink?: string }[] }[] };
      const file = res.files?.[0]?.files?.[0];
      if (file?.id) await uow.reviews.setFile(incident.id, file.id, file.permalink ?? null);
      return file?.permalink ?? null;
    });
    if (!incident.isPrivate) await this.announce(incident, reviewAnnouncement(incident, permalink ?? null));
  }

  private async invite(incident: Incident, users: (string | null)[]): Promise<void> {
    const wanted = [...new Set(users)].filter((u): u is string => !!u && u !== this.deps.botUserId);
    // One call per person: Slack refuses a whole batch for one bad member.
    for (const user of wanted) {
      await this.step(incident, 'invite', async () => {
        try {
          await this.deps.client.conversations.invite({ channel: incident.channelId, users: user });
        } catch (e) {
          if (slackErrorCode(e) !== 'already_in_channel') throw e;
        }
      });
    }
  }

  private async announce(incident: Incident, message: Message): Promise<void> {
    const ref = this.deps.policy.announcementChannel;
    if (!ref) return;
    await this.step(incident, 'announce', async () => {
      const channel = await this.deps.directory.resolve(ref);
      if (!channel) throw new Error(`announcement channel ${ref} not found`);
      await this.postJoiningIfNeeded(channel, message);
    });
  }

  private async reply(target: ReplyTarget, text: string, fallbackChannel: string): Promise<void> {
    if (target.responseUrl) {
      const res = await keepAliveFetch(target.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text }),
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) return;
      this.deps.log.warn('response_url refused the reply', { status: res.status });
    }
    await this.deps.client.chat.postEphemeral({ channel: target.channelId ?? fallbackChannel, user: target.user, text });
  }

  private async step<T>(incident: Incident, what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.deps.log.error(`Slack step failed: ${what}`, { incident: incident.number, code: slackErrorCode(e) });
      return undefined;
    }
  }
}
