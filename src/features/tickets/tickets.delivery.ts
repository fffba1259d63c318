import type { Incident } from '../../domain/incident';
import { incidentRef, slackChannelUrl } from '../../domain/incident';
import type { Clock } from '../../kernel/clock';
import { refusalLine, refusedForGood, type ServiceCallError } from '../../kernel/outbound/service-call';
import type { DeliveryDeps, NoticeDeliveries, NoticeOf } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import type { ReviewRepositories } from '../review/review.ports';
import { TRACKER_NAME } from './tickets';
import type { TicketDraft, TicketRepositories, Tracker } from './tickets.ports';
import { ticketClosedMessage, ticketCreatedMessage, ticketRefusedMessage } from './tickets.view';

export interface TicketDeliveryDeps extends DeliveryDeps<TicketRepositories & ReviewRepositories> {
  /** null when the policy has no `tickets` (notices written before it was removed are dropped). */
  tracker: Tracker | null;
  clock: Clock;
  /** Slack team id: part of every ticket's labels, so two workspaces on one tracker never mix. */
  workspace: string;
  /** Redraws the stored review document, so its action items show their tickets. */
  refreshReview: (incident: Incident) => Promise<unknown>;
}

/** The notice a step belongs to, from its step key (`fb-notice-<id>-<step>`): the same on every retry and replica. */
const noticeOf = (stepKey: string): string => stepKey.replace(/-\d+$/, '');

/** Unique to the follow-up across workspaces: a retry after a lost answer finds its ticket by this label. */
export const ticketMarker = (workspace: string, followupId: number): string =>
  `firebreak-fu-${workspace}-${followupId}`;

/** The incident's label: every follow-up of `INC-12` in this workspace carries it. */
export const incidentLabel = (workspace: string, incidentNumber: number): string =>
  `firebreak-${workspace}-${incidentRef(incidentNumber)}`;

/** What the tracker said when it refused: Jira's `errorMessages` and `errors`, GitHub's `message`. */
export const refusalOf = (error: ServiceCallError): string =>
  refusalLine(error, (body) =>
    [
      ...(Array.isArray(body.errorMessages) ? body.errorMessages.map(String) : []),
      ...(body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)
        ? Object.entries(body.errors).map(([k, v]) => `${k}: ${String(v)}`)
        : []),
      ...(typeof body.message === 'string' ? [body.message] : []),
    ].join('; '),
  );

export function ticketDeliveries(
  deps: TicketDeliveryDeps,
): Pick<NoticeDeliveries, 'ticket_create' | 'ticket_close' | 'ticket_closed'> {
  const { uow, client, tracker, log, workspace } = deps;
  const trackerName = TRACKER_NAME[tracker?.kind ?? 'jira'];

  /** A person as users.info has them: a name for the ticket, an email to find them in the tracker. */
  const person = async (user: string | null): Promise<{ name: string; email: string | null } | null> => {
    if (!user) return null;
    try {
      const u = (await client.users.info({ user })).user;
      if (!u || u.deleted || u.is_bot) return null;
      return { name: u.real_name || u.name || user, email: u.profile?.email ?? null };
    } catch (e) {
      if (slackErrorCode(e) === 'user_not_found') return null;
      throw e;
    }
  };

  async function draftOf(notice: NoticeOf<'ticket_create'>): Promise<TicketDraft> {
    const { incident, followup } = notice;
    const [owner, asker, review] = await Promise.all([
      person(followup.owner),
      person(notice.actor),
      uow.reviews.get(incident.id),
    ]);
    const ref = incidentRef(incident.number);
    const reviewLine = review?.filePermalink
      ? `Review: ${review.filePermalink}`
      : notice.fromReview
        ? `Review: an action item of ${ref}'s review, published in its channel.`
        : `Review: ${ref}'s review is published in its channel.`;
    const labels = ['firebreak', incidentLabel(workspace, incident.number), ...(deps.policy.tickets?.labels ?? [])];
    return {
      marker: ticketMarker(workspace, followup.id),
      summary: followup.text,
      description: [
        `A follow-up of ${ref}: ${incident.title}`,
        `Incident channel: ${slackChannelUrl(workspace, incident.channelId)}`,
        reviewLine,
        `Asked for by ${asker?.name ?? 'someone in Slack'}${owner ? `; owner ${owner.name}` : ''}.`,
        'Closing this ticket marks the follow-up done in Firebreak.',
      ].join('\n'),
      ownerEmail: owner?.email ?? null,
      due: followup.due,
      labels,
    };
  }

  return {
    ticket_create: (notice) => {
      const { incident, followup } = notice;
      return [
        step('create ticket', async (ctx) => {
          if (!tracker) return;
          const token = noticeOf(ctx.key);
          const row = await uow.followupTickets.get(followup.id);
          if (row?.ticket) return;
          // This notice's ticket was refused before a crash or a lost lease cut the step short: not asked again.
          if (row?.notice === token && row.state === 'refused') return;
          const now = deps.clock.now();
          if (row?.notice === token) {
            // An earlier attempt of this notice may have made it (a 5xx, a timeout, a lost answer): look first.
            const found = await tracker.find(ticketMarker(workspace, followup.id));
            if (found) return void (await uow.followupTickets.created(followup.id, token, found, now));
          } else await uow.followupTickets.claim(followup.id, tracker.kind, token, now);
          try {
            const ticket = await tracker.create(await draftOf(notice));
            await uow.followupTickets.created(followup.id, token, ticket, deps.clock.now());
          } catch (e) {
            if (!refusedForGood(e)) throw e;
            log.warn(`${trackerName} refused a ticket; not retried`, { followup: followup.id, status: e.status });
            await uow.followupTickets.refused(followup.id, token, refusalOf(e));
          }
        }),
        step('tell the channel of the ticket', async (ctx) => {
          const row = await uow.followupTickets.get(followup.id);
          if (!row || row.notice !== noticeOf(ctx.key)) return;
          const channel = incident.channelId;
          if (row.ticket)
            await postOnce(client, { channel, ...ticketCreatedMessage(followup, trackerName, row.ticket) }, ctx);
          else if (row.refused !== null)
            await postOnce(client, { channel, ...ticketRefusedMessage(followup, trackerName, row.refused) }, ctx);
        }),
        // The stored review document shows each action item's ticket.
        step('show the ticket in the review', async () => {
          if (notice.fromReview) await deps.refreshReview(incident);
        }),
      ];
    },
    ticket_close: (notice) => [
      step('close ticket', async () => {
        if (!tracker) return;
        const row = await uow.followupTickets.get(notice.followup.id);
        // Closed in the tracker (that is what marked it done), or never made.
        if (!row?.ticket || row.state !== 'open') return;
        const who = await person(notice.actor);
        try {
          await tracker.close(row.ticket, `Marked done in Slack by ${who?.name ?? 'someone'} (Firebreak).`);
        } catch (e) {
          if (!refusedForGood(e)) throw e;
          log.warn(`${trackerName} refused to close a ticket`, { ticket: row.ticket.key, status: e.status });
        }
        await uow.followupTickets.settle(notice.followup.id, true, deps.clock.now());
      }),
    ],
    ticket_closed: (notice) => [
      step('tell the channel the ticket closed', (ctx) =>
        postOnce(
          client,
          {
            channel: notice.incident.channelId,
            ...ticketClosedMessage(notice.followup, notice.tracker, notice.ticket, notice.by),
          },
          ctx,
        ),
      ),
    ],
  };
}
