import type { Incident } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import type { ReplyTarget } from '../incident/reservation.ports';
import { headerMessage, topicText } from '../slack/incident-card.view';
import { isTransient, slackErrorCode } from '../slack/web-api-errors';
import { broadcast, type DeliveryDeps, ignoring, type NoticeDeliveries } from './deliveries';
import {
  changeAnnouncement,
  changeMessage,
  declaredConfirmation,
  declareFailedText,
  declarePendingText,
  dutiesOf,
  extraRoleMessage,
  roleDutiesMessage,
} from './notices.view';
import { type DeliveryStep, type StepContext, step } from './outbox';
import { postOnce } from './post-once';
import { together } from './together';

type LifecycleNotices = 'declared' | 'declare_pending' | 'declare_failed' | 'changed' | 'extra_role_assigned';

/**
 * The kernel's own notices: an incident declared (the declarer answered, its channel set up) and each change of
 * its lifecycle (in the channel, on the header, in the announcement's thread). Steps read what earlier ones
 * produced (the header's ts) from the database, so a delivery resumed in another process has everything it needs.
 */
export function lifecycleDeliveries(deps: DeliveryDeps): Pick<NoticeDeliveries, LifecycleNotices> {
  return {
    declared: (notice) => declared(deps, notice.incident, notice.reply),
    // Firebreak itself declared (an alert source, a workflow step): nobody to tell; the step hears through its hook.
    declare_pending: (notice) =>
      notice.reply.user === deps.botUserId
        ? []
        : [
            step('tell declarer the channel is pending', (ctx) =>
              tell(
                deps,
                notice.reply,
                declarePendingText(notice.incident.number, notice.channelName, notice.etaMs),
                ctx,
              ),
            ),
          ],
    declare_failed: (notice) =>
      notice.reply.user === deps.botUserId
        ? []
        : [
            step('tell declarer the channel was refused', (ctx) =>
              tell(deps, notice.reply, declareFailedText(notice.incident.number, notice.error), ctx),
            ),
          ],
    changed: (notice) => changed(deps, notice.incident, notice.before, notice.event),
    extra_role_assigned: ({ incident, role, user, actor, duties }) => [
      ...invites(deps, incident, [user]),
      step('post change', (ctx) =>
        postOnce(deps.client, { channel: incident.channelId, ...extraRoleMessage(role, user, actor) }, ctx),
      ),
      headerRedraw(deps, incident),
      step('DM role duties', (ctx) =>
        postOnce(deps.client, { channel: user, ...roleDutiesMessage(incident, role, actor, duties) }, ctx),
      ),
    ],
  };
}

/**
 * The declarer already has the link (the form's answer). The confirmation where they typed comes first, the
 * channel's set-up side by side after it, and the pin last, as it needs the header's ts. The confirmation is its
 * own step because an ephemeral cannot be looked for: a group retried for another member's rate limit would say
 * it twice. With nowhere they typed (the Home tab, a reservation finished by the worker) it goes to the incident
 * channel, so after the set-up has invited them.
 */
function declared(deps: DeliveryDeps, incident: Incident, reply: ReplyTarget): DeliveryStep[] {
  const { client, uow } = deps;
  const channel = incident.channelId;
  // Firebreak itself declared it (an alert source's `declare: auto`): nobody to confirm to.
  const confirm =
    reply.user === deps.botUserId ? [] : [step('confirm to declarer', () => confirmDeclared(deps, incident, reply))];
  const typedSomewhere = !!(reply.responseUrl || reply.channelId);
  return [
    ...(typedSomewhere ? confirm : []),
    together('set up channel', [
      ...invites(deps, incident, [incident.declaredBy, incident.roles.commander]),
      step('post header', async (ctx) => {
        const ts = await postOnce(client, { channel, ...headerMessage(incident, deps.policy) }, ctx);
        if (ts) await uow.incidents.setHeaderTs(incident.id, ts);
      }),
      step('set topic', () => client.conversations.setTopic({ channel, topic: topicText(incident) })),
      ...(broadcast(incident) ? [deps.announcements.post(incident)] : []),
    ]),
    step('pin header', async () => {
      const ts = (await uow.incidents.findById(incident.id))?.headerTs;
      if (ts) await ignoring('already_pinned', () => client.pins.add({ channel, timestamp: ts }));
    }),
    ...(typedSomewhere ? [] : confirm),
  ];
}

/**
 * Where they typed refused the reply too (a response_url gone stale, a channel the bot is not in): the ephemeral
 * falls back to the incident channel, where the declarer is not invited yet, so they are invited first.
 */
async function confirmDeclared(deps: DeliveryDeps, incident: Incident, reply: ReplyTarget): Promise<void> {
  const channel = incident.channelId;
  const text = declaredConfirmation(incident);
  await replyTo(deps, reply, text, channel).catch(async (error) => {
    if (slackErrorCode(error) !== 'user_not_in_channel') throw error;
    await invite(deps, channel, reply.user);
    await deps.client.chat.postEphemeral({ channel, user: reply.user, text });
  });
}

/** The pinned header drawn again from `incident` (an update that changed its fields redraws it too). */
export function headerRedraw(deps: Pick<DeliveryDeps, 'client' | 'uow' | 'policy'>, incident: Incident): DeliveryStep {
  return step('update header', async () => {
    const ts = (await deps.uow.incidents.findById(incident.id))?.headerTs;
    if (ts) await deps.client.chat.update({ channel: incident.channelId, ts, ...headerMessage(incident, deps.policy) });
  });
}

function changed(deps: DeliveryDeps, incident: Incident, before: Incident, event: IncidentEvent): DeliveryStep[] {
  const { client, announcements } = deps;
  const channel = incident.channelId;
  const change = event.change;
  const steps: DeliveryStep[] = [];
  if (change.kind === 'invited') steps.push(...invites(deps, incident, change.users));
  if (change.kind === 'role') steps.push(...invites(deps, incident, [change.to]));
  steps.push(step('post change', (ctx) => postOnce(client, { channel, ...changeMessage(incident, event) }, ctx)));
  if (topicText(before) !== topicText(incident)) {
    steps.push(step('set topic', () => client.conversations.setTopic({ channel, topic: topicText(incident) })));
  }
  steps.push(headerRedraw(deps, incident));
  if (change.kind === 'role') {
    steps.push(
      step('DM role duties', (ctx) =>
        postOnce(
          client,
          {
            channel: change.to,
            ...roleDutiesMessage(incident, change.role, event.actor, dutiesOf(deps.policy, change.role)),
          },
          ctx,
        ),
      ),
    );
  }
  if (broadcast(incident)) {
    steps.push(announcements.redraw(incident));
    const announcement = changeAnnouncement(incident, event);
    if (announcement) steps.push(announcements.reply(incident, announcement));
  }
  if (change.kind === 'status' && change.to === 'closed') {
    steps.push(
      step('archive channel', () => ignoring('already_archived', () => client.conversations.archive({ channel }))),
    );
  }
  return steps;
}

/** One call per person: Slack refuses a whole batch for one bad member. */
function invites(deps: DeliveryDeps, incident: Incident, users: (string | null)[]): DeliveryStep[] {
  const wanted = [...new Set(users)].filter((user): user is string => !!user && user !== deps.botUserId);
  return wanted.map((user) => step('invite', () => invite(deps, incident.channelId, user)));
}

const invite = (deps: DeliveryDeps, channel: string, user: string) =>
  ignoring('already_in_channel', () => deps.client.conversations.invite({ channel, users: user }));

async function replyTo(deps: DeliveryDeps, target: ReplyTarget, text: string, fallbackChannel: string): Promise<void> {
  if (target.responseUrl) {
    const res = await fetch(target.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text }),
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
    if (res?.ok) return;
    deps.log.warn('response_url refused the reply; falling back to an ephemeral', { status: res?.status });
  }
  await deps.client.chat
    .postEphemeral({ channel: target.channelId ?? fallbackChannel, user: target.user, text })
    .catch(async (error) => {
      // The declarer's channel may be one the bot is not in: the incident channel always works.
      if (slackErrorCode(error) !== 'channel_not_found' && slackErrorCode(error) !== 'not_in_channel') throw error;
      await deps.client.chat.postEphemeral({ channel: fallbackChannel, user: target.user, text });
    });
}

/** Before an incident has a channel: the command's own reply, else a DM. */
async function tell(deps: DeliveryDeps, target: ReplyTarget, text: string, ctx: StepContext): Promise<void> {
  if (target.responseUrl || target.channelId) {
    try {
      await replyTo(deps, { ...target, channelId: target.channelId ?? target.user }, text, target.user);
      return;
    } catch (error) {
      if (!isTransient(slackErrorCode(error)))
        deps.log.warn('could not reply where the declare came from; sending a DM', { code: slackErrorCode(error) });
      else throw error;
    }
  }
  await postOnce(deps.client, { channel: target.user, text }, ctx);
}
