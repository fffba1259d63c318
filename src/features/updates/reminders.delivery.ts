import type { Incident } from '../../domain/incident';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { DeliveryDeps } from '../../kernel/outbox/deliveries';
import type { ReminderNotice } from '../../kernel/outbox/notice';
import type { DeliveryStep, StepContext } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { isTransient, slackErrorCode } from '../../kernel/slack/web-api-errors';
import { reminderRefused, reminderStillOwed } from './reminders';
import type { RemindersNeed } from './reminders.ports';
import {
  commanderNudge,
  followupNudge,
  redactedFollowupNudge,
  reviewNudge,
  stakeholderDigest,
  updateEscalation,
  updateNudge,
} from './reminders.view';

type ReminderDeliveryDeps = Pick<DeliveryDeps<RemindersNeed>, 'client' | 'uow' | 'policy' | 'directory' | 'log'>;

type Run = (ctx: StepContext) => Promise<unknown>;

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
 * The steps of a fired reminder, one per message it owes. Each step first checks
 * that the reminder still stands (a nudge made pointless by an update or a
 * resolution while it waited is dropped), and a DM about a private incident goes
 * only to someone still among its people. The texts are as of the firing.
 */
export function reminderSteps(deps: ReminderDeliveryDeps, notice: ReminderNotice): DeliveryStep[] {
  const { client, uow } = deps;
  const { incident, reminder, dm } = notice;
  const channel = incident.channelId;
  const owed = (name: string, run: Run): DeliveryStep => ({
    name,
    run: async (ctx) => {
      if (await reminderStillOwed(uow, notice)) await run(ctx);
    },
  });
  const essential = (to: string, run: Run) => owed(`post ${reminder.kind}`, refusalEnds(deps, notice, to, run));
  const optional = (name: string, run: Run) => owed(name, refusalSkipped(deps, notice, run));
  switch (reminder.kind) {
    case 'update_nudge': {
      const since = reminder.firedAt.getTime() - (notice.lastUpdateAt ?? incident.declaredAt).getTime();
      const steps = [
        essential(channel, async (ctx) => {
          const ts = await postOnce(client, { channel, ...updateNudge(incident, since) }, ctx);
          if (ts) await replaceNudge(deps, incident, ts);
        }),
      ];
      const commander = dm;
      // Someone no longer among a private incident's people is not asked to act on it.
      if (reminder.escalate && commander)
        steps.push(
          optional('DM update escalation', async (ctx) => {
            if (await isOneOfItsPeople(uow, incident, commander))
              await postOnce(client, { channel: commander, ...updateEscalation(incident) }, ctx);
          }),
        );
      return steps;
    }
    case 'commander_nudge':
      return [essential(channel, (ctx) => postOnce(client, { channel, ...commanderNudge(incident) }, ctx))];
    case 'review_nudge': {
      const commander = dm;
      if (!commander) return [];
      return [
        essential(commander, async (ctx) => {
          if (await isOneOfItsPeople(uow, incident, commander))
            await postOnce(client, { channel: commander, ...reviewNudge(incident) }, ctx);
        }),
      ];
    }
    case 'followup_nudge': {
      const { followup } = notice;
      const owner = dm;
      if (!followup || !owner) return [];
      return [
        essential(owner, async (ctx) => {
          // Someone outside a private incident learns neither its title nor the follow-up's text.
          const message = (await isOneOfItsPeople(uow, incident, owner))
            ? followupNudge(incident, followup.text, followup.due, followup.ticket)
            : redactedFollowupNudge(incident, followup.due);
          await postOnce(client, { channel: owner, ...message }, ctx);
        }),
      ];
    }
    case 'stakeholder_digest':
      return digestSteps(deps, notice, optional);
  }
}

function digestSteps(
  deps: ReminderDeliveryDeps,
  notice: ReminderNotice,
  optional: (name: string, run: Run) => DeliveryStep,
): DeliveryStep[] {
  const { client, uow, policy, directory } = deps;
  const { incident } = notice;
  const digest = stakeholderDigest(incident, notice.reminder.firedAt, notice.latestUpdate, notice.nextUpdateDue);
  const steps: DeliveryStep[] = [];
  const ref = policy.stakeholderChannel ?? policy.announcementChannel;
  // Private incidents never reach shared channels: only the people who subscribed.
  if (!incident.isPrivate && ref)
    steps.push(
      optional('post digest', async (ctx) => {
        const channel = await directory.resolve(ref);
        if (!channel) return;
        // In the announcement channel a digest is one more reply under the incident's announcement.
        const { announcement } = policy.stakeholderChannel
          ? { announcement: null }
          : await uow.incidents.slackMessages(incident.id);
        const threadTs = announcement?.channel === channel ? announcement.ts : undefined;
        await postOnce(client, { channel, ...digest, ...(threadTs ? { thread_ts: threadTs } : {}) }, ctx);
      }),
    );
  // Decided as it is sent: a subscriber removed from a private incident's channel gets no digest from then on.
  for (const user of notice.subscribers)
    steps.push(
      optional('DM digest', async (ctx) => {
        if (await isOneOfItsPeople(uow, incident, user)) await postOnce(client, { channel: user, ...digest }, ctx);
      }),
    );
  return steps;
}

/** Which permanent refusals a step logs, and how: what is retried (a 429, a 5xx) is the outbox's to handle. */
async function refused(deps: ReminderDeliveryDeps, notice: ReminderNotice, error: unknown): Promise<string> {
  const code = slackErrorCode(error);
  if (isTransient(code)) throw error;
  deps.log.warn('reminder target refused', {
    incident: notice.incident.number,
    kind: notice.reminder.kind,
    code,
    gone: GONE.has(code),
  });
  return code;
}

/**
 * Retrying cannot fix a refusal: without the incident's own channel (or the one
 * person a DM reminder is for) the reminder is over.
 */
function refusalEnds(deps: ReminderDeliveryDeps, notice: ReminderNotice, to: string, run: Run): Run {
  return async (ctx) => {
    try {
      await run(ctx);
    } catch (error) {
      const code = await refused(deps, notice, error);
      const channelDeleted = to === notice.incident.channelId && code === 'channel_not_found';
      await reminderRefused(deps.uow, notice, channelDeleted, notice.reminder.firedAt);
    }
  };
}

/** A refused DM or stakeholder post is skipped; the rest still go out. */
function refusalSkipped(deps: ReminderDeliveryDeps, notice: ReminderNotice, run: Run): Run {
  return async (ctx) => {
    try {
      await run(ctx);
    } catch (error) {
      await refused(deps, notice, error);
    }
  };
}

/**
 * One standing nudge per incident: the one before is deleted once the new one is
 * posted. A delete Slack refuses for good (already gone) is no reason to post again.
 */
async function replaceNudge(deps: ReminderDeliveryDeps, incident: Incident, ts: string): Promise<void> {
  const before = (await deps.uow.incidents.slackMessages(incident.id)).updateNudgeTs;
  if (before && before !== ts) {
    try {
      await deps.client.chat.delete({ channel: incident.channelId, ts: before });
    } catch (error) {
      if (isTransient(slackErrorCode(error))) throw error;
      deps.log.warn('could not delete the previous update nudge', {
        incident: incident.number,
        code: slackErrorCode(error),
      });
    }
  }
  await deps.uow.incidents.setUpdateNudgeTs(incident.id, ts);
}
