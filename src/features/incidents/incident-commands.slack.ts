import type { Result } from '../../domain/result';
import { listVisibleIncidents, participantsNow } from '../../kernel/incident/query-incidents';
import { statusCard } from '../../kernel/slack/incident-card.view';
import type { Subcommands } from '../../kernel/slack/incident-command';
import { quietUnlessRefused } from '../../kernel/slack/incident-command';
import {
  assignExtraRole,
  assignIncidentRole,
  changeIncidentSeverity,
  changeIncidentStatus,
  inviteToIncident,
} from './change-incident';
import { closeIncident } from './close-incident';
import { incidentList } from './incident-list.view';
import type { IncidentsSlackDeps } from './incidents.ports';
import { incidentRefusalText } from './incidents.refusal-text';
import type { IncidentRefusal } from './incidents.refusals';

const quiet = (result: Result<unknown, IncidentRefusal>) => quietUnlessRefused(result, incidentRefusalText);

/** The lifecycle's /incident subcommands (the kernel's incident command dispatches to them). */
export const incidentSubcommands: Subcommands<IncidentsSlackDeps> = {
  list: async (_command, { user }, deps) => incidentList(await listVisibleIncidents(deps.uow, user), deps.policy),
  status: async (command, { channelId, user: actor, requestKey }, deps) => {
    if (command.to)
      return quiet(
        await changeIncidentStatus(deps, { channelId, to: command.to, actor, message: command.message, requestKey }),
      );
    const incident = await deps.uow.incidents.findByChannel(channelId);
    if (!incident) return { text: incidentRefusalText({ kind: 'not_incident_channel' }) };
    // Counted as the review and the feedback count them: someone removed from a private incident is no longer one.
    return statusCard(incident, await participantsNow(deps.uow, incident), deps.clock.now(), deps.policy);
  },
  resolve: async (command, { channelId, user: actor, requestKey }, deps) =>
    quiet(await changeIncidentStatus(deps, { channelId, to: 'resolved', actor, message: command.message, requestKey })),
  cancel: async (command, { channelId, user: actor, requestKey }, deps) =>
    quiet(await changeIncidentStatus(deps, { channelId, to: 'cancelled', actor, message: command.reason, requestKey })),
  severity: async (command, { channelId, user: actor, requestKey }, deps) =>
    quiet(await changeIncidentSeverity(deps, { channelId, to: command.severity, actor, requestKey })),
  role: async (command, { channelId, user: actor, requestKey }, deps) => {
    if (command.user === deps.botUserId) return { text: 'Roles go to people, not to Firebreak.' };
    return quiet(
      await assignIncidentRole(deps, { channelId, role: command.role, user: command.user, actor, requestKey }),
    );
  },
  extra_role: async (command, { channelId, user: actor, requestKey }, deps) => {
    if (command.user === deps.botUserId) return { text: 'Roles go to people, not to Firebreak.' };
    return quiet(await assignExtraRole(deps, { channelId, role: command.role, user: command.user, actor, requestKey }));
  },
  invite: async (command, { channelId, user: actor, requestKey }, deps) =>
    quiet(
      await inviteToIncident(deps, {
        channelId,
        users: command.users.filter((user) => user !== deps.botUserId),
        actor,
        requestKey,
      }),
    ),
  close: async (_command, { channelId, user: actor, requestKey }, deps) =>
    quiet(await closeIncident(deps, { channelId, actor, requestKey })),
};
