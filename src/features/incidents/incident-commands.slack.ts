import type { KnownBlock } from '@slack/types';
import type { Result } from '../../domain/result';
import { incidentForChannel, listVisibleIncidents, participantsNow } from '../../kernel/incident/query-incidents';
import type { AppRefusal } from '../../kernel/refusals';
import { statusCard } from '../../kernel/slack/incident-card.view';
import type { IncidentCommand } from '../../kernel/slack/parse-command';
import { refusalText, unknownCategoryText } from '../../kernel/slack/refusal-text';
import type { UserFile } from '../../kernel/slack/user-upload';
import { addFollowup, followupsForChannel } from '../followups/followups';
import { followupsMessage } from '../followups/followups.view';
import { statsChartFile, statsText } from '../stats/stats.view';
import { addNote, timelineForChannel } from '../timeline/timeline';
import { timelineMessage } from '../timeline/timeline.view';
import { setSubscription } from '../updates/post-update';
import { assignIncidentRole, changeIncidentSeverity, changeIncidentStatus, inviteToIncident } from './change-incident';
import { closeIncident } from './close-incident';
import { incidentList } from './incident-list.view';
import type { IncidentsSlackDeps } from './incidents.ports';

export interface Reply {
  text: string;
  blocks?: KnownBlock[];
  /** Sent after the reply, into the caller's DM with the bot: what only they may see. */
  file?: UserFile;
}

export interface CommandContext {
  user: string;
  channelId: string;
  /** The command's trigger_id: a replay of the same request changes nothing twice. */
  requestKey?: string;
}

type ChannelCommand = Exclude<
  IncidentCommand,
  { kind: 'help' | 'declare' | 'review' | 'update' | 'usage' | 'unknown' }
>;

/** Success is shown in the channel by the notifier; only refusals come back to the caller, and a replay gets nothing. */
const quietUnlessRefused = (result: Result<unknown, AppRefusal>): Reply | null =>
  result.ok || result.error.kind === 'duplicate_request' ? null : { text: refusalText(result.error) };

export async function runIncidentCommand(
  cmd: ChannelCommand,
  ctx: CommandContext,
  deps: IncidentsSlackDeps,
): Promise<Reply | null> {
  const { channelId, user: actor, requestKey } = ctx;
  const named =
    cmd.kind === 'role'
      ? [cmd.user]
      : cmd.kind === 'invite'
        ? cmd.users
        : cmd.kind === 'followup' && cmd.item.owner
          ? [cmd.item.owner]
          : [];
  if (named.length) {
    const strangers = await deps.people.notPeople(named.filter((u) => u !== deps.botUserId));
    if (strangers.length) return { text: refusalText({ kind: 'unknown_users', users: strangers }) };
  }
  switch (cmd.kind) {
    case 'list':
      return incidentList(await listVisibleIncidents(deps.uow, actor));
    case 'stats': {
      // Works from any channel: the figures depend on who asks, not where.
      let category: string | null = null;
      if (cmd.category !== null) {
        category = deps.policy.categories.find((c) => c.toLowerCase() === cmd.category?.toLowerCase()) ?? null;
        if (!category) return { text: unknownCategoryText(cmd.category, deps.policy.categories) };
      }
      const now = deps.clock.now();
      const stats = await deps.stats({ viewer: actor, now, period: cmd.period, category });
      const text = statsText(stats, cmd.period, category);
      if (!stats.total) return { text };
      return {
        text: `${text}\n_The chart (incidents per week, time to resolve) is on its way to you by DM._`,
        file: statsChartFile(stats, cmd.period, category, now),
      };
    }
    case 'status': {
      if (cmd.to)
        return quietUnlessRefused(
          await changeIncidentStatus(deps, { channelId, to: cmd.to, actor, message: cmd.message, requestKey }),
        );
      const incident = await deps.uow.incidents.findByChannel(channelId);
      if (!incident) return { text: refusalText({ kind: 'not_incident_channel' }) };
      // Counted as the review and the feedback count them: someone removed from a private incident is no longer one.
      return statusCard(incident, await participantsNow(deps.uow, incident), deps.clock.now());
    }
    case 'resolve':
      return quietUnlessRefused(
        await changeIncidentStatus(deps, { channelId, to: 'resolved', actor, message: cmd.message, requestKey }),
      );
    case 'cancel':
      return quietUnlessRefused(
        await changeIncidentStatus(deps, { channelId, to: 'cancelled', actor, message: cmd.reason, requestKey }),
      );
    case 'severity':
      return quietUnlessRefused(await changeIncidentSeverity(deps, { channelId, to: cmd.severity, actor, requestKey }));
    case 'role':
      if (cmd.user === deps.botUserId) return { text: 'Roles go to people, not to Firebreak.' };
      return quietUnlessRefused(
        await assignIncidentRole(deps, { channelId, role: cmd.role, user: cmd.user, actor, requestKey }),
      );
    case 'invite':
      return quietUnlessRefused(
        await inviteToIncident(deps, {
          channelId,
          users: cmd.users.filter((u) => u !== deps.botUserId),
          actor,
          requestKey,
        }),
      );
    case 'close':
      return quietUnlessRefused(await closeIncident(deps, { channelId, actor, requestKey }));
    case 'note': {
      // Posted in the channel by the notifier, where the whole team sees it.
      return quietUnlessRefused(await addNote(deps, { channelId, user: actor, text: cmd.text, requestKey }));
    }
    case 'timeline': {
      const timeline = await timelineForChannel(deps.uow, channelId);
      if (!timeline.ok) return { text: refusalText(timeline.error) };
      const incident = (await incidentForChannel(deps.uow, channelId))!;
      return timelineMessage(incident, timeline.value, cmd.page);
    }
    case 'followup':
      return quietUnlessRefused(await addFollowup(deps, { channelId, item: cmd.item, actor, requestKey }));
    case 'subscribe':
    case 'unsubscribe': {
      const on = cmd.kind === 'subscribe';
      const r = await setSubscription(deps, { channelId, user: actor, on });
      if (!r.ok) return { text: refusalText(r.error) };
      return {
        text: on
          ? ":bell: You will get this incident's updates and digests by DM. `/incident unsubscribe` stops them."
          : ":no_bell: You will no longer get this incident's updates by DM.",
      };
    }
    case 'followups': {
      const list = await followupsForChannel(deps.uow, channelId);
      return list.ok
        ? followupsMessage(list.value.incidentNumber, list.value.followups)
        : { text: refusalText(list.error) };
    }
  }
}
