import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import { type Incident, ROLES } from '../../domain/incident';
import { allowedNext, canMove } from '../../domain/transitions';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import { failureText } from '../../kernel/slack/failure-text';
import { readResolveMessage, readRoleForm, resolveModal, roleModal } from '../../kernel/slack/header-actions.view';
import {
  HEADER_RESOLVE_BUTTON,
  HEADER_ROLE_BUTTON,
  RESOLVE_FIELDS,
  RESOLVE_MODAL,
  ROLE_FIELDS,
  ROLE_MODAL,
} from '../../kernel/slack/ids';
import type { Listeners } from '../../kernel/slack/listener-router';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { assignExtraRole, assignIncidentRole, changeIncidentStatus } from './change-incident';
import type { IncidentsSlackDeps } from './incidents.ports';
import { incidentRefusalText } from './incidents.refusal-text';
import type { IncidentRefusal } from './incidents.refusals';

const metadata = z.object({ incident: z.number().int().positive() });

/** A button's value or a form's metadata names an incident; it is loaded again and the person checked, as either can be forged. */
async function incidentFor(
  deps: IncidentsSlackDeps,
  named: number | undefined,
  user: string,
): Promise<{ ok: true; incident: Incident } | { ok: false; refusal: IncidentRefusal }> {
  const incident = named === undefined ? undefined : await deps.uow.incidents.findByNumber(named);
  if (!incident) return { ok: false, refusal: { kind: 'not_incident_channel' } };
  if (!(await isOneOfItsPeople(deps.uow, incident, user))) return { ok: false, refusal: { kind: 'not_visible' } };
  if (incident.status === 'closed' || incident.status === 'cancelled')
    return { ok: false, refusal: { kind: 'incident_finished', status: incident.status } };
  return { ok: true, incident };
}

const numberIn = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

const numberOf = (privateMetadata: string): number | undefined => {
  try {
    return metadata.parse(JSON.parse(privateMetadata || '{}')).incident;
  } catch {
    return undefined;
  }
};

/** The roles the policy adds to commander, comms and scribe: the *Assign role* form offers them too. */
const extraRoles = (deps: IncidentsSlackDeps) =>
  deps.policy.roles.map((r) => r.name).filter((name) => !(ROLES as readonly string[]).includes(name));

/** The header's *Assign role* and *Resolve*, and the two small forms behind them (*Post update* is the updates feature's). */
export function registerHeaderActions(app: Listeners, deps: IncidentsSlackDeps): void {
  const opener =
    (
      open: (incident: Incident) => ReturnType<typeof roleModal>,
      allowed: (incident: Incident) => IncidentRefusal | undefined,
    ) =>
    async ({
      ack,
      body,
      action,
      client,
      respond,
    }: {
      ack: () => Promise<void>;
      body: BlockAction<ButtonAction>;
      action: ButtonAction;
      client: import('@slack/web-api').WebClient;
      respond: RespondFn;
    }) => {
      await ack();
      const tell = (text: string) =>
        respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      deps.inflight.afterAck(async () => {
        try {
          const found = await incidentFor(deps, numberIn(action.value), body.user.id);
          if (!found.ok) return void (await tell(incidentRefusalText(found.refusal)));
          const refused = allowed(found.incident);
          if (refused) return void (await tell(incidentRefusalText(refused)));
          await client.views.open({ trigger_id: body.trigger_id, view: open(found.incident) });
        } catch (e) {
          deps.log.warn('could not open a header form', { code: slackErrorCode(e), error: e });
          await tell(failureText(e));
        }
      });
    };

  app.action<BlockAction<ButtonAction>>(
    HEADER_ROLE_BUTTON,
    opener(
      (incident) => roleModal(incident, extraRoles(deps)),
      () => undefined,
    ),
  );
  app.action<BlockAction<ButtonAction>>(
    HEADER_RESOLVE_BUTTON,
    opener(resolveModal, (incident) =>
      canMove(incident.status, 'resolved')
        ? undefined
        : {
            kind: 'forbidden_transition',
            from: incident.status,
            to: 'resolved',
            allowed: allowedNext(incident.status),
          },
    ),
  );

  app.view(ROLE_MODAL, async ({ ack, view, body }) => {
    const form = readRoleForm(view.state as Parameters<typeof readRoleForm>[0], extraRoles(deps));
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });
    const fail = (text: string) => ack({ response_action: 'errors', errors: { [ROLE_FIELDS.role.block]: text } });
    try {
      const found = await incidentFor(deps, numberOf(view.private_metadata), body.user.id);
      if (!found.ok) return fail(incidentRefusalText(found.refusal));
      const strangers = await deps.people.notPeople([form.user].filter((u) => u !== deps.botUserId));
      if (strangers.length)
        return ack({
          response_action: 'errors',
          errors: { [ROLE_FIELDS.user.block]: incidentRefusalText({ kind: 'unknown_users', users: strangers }) },
        });
      const params = { channelId: found.incident.channelId, user: form.user, actor: body.user.id, requestKey: view.id };
      const builtIn = ROLES.find((r) => r === form.role);
      const done = builtIn
        ? await assignIncidentRole(deps, { ...params, role: builtIn })
        : await assignExtraRole(deps, { ...params, role: form.role });
      if (!done.ok && done.error.kind !== 'duplicate_request') return fail(incidentRefusalText(done.error));
      await ack();
    } catch (e) {
      deps.log.error('role assignment failed', { error: e });
      await fail(failureText(e));
    }
  });

  app.view(RESOLVE_MODAL, async ({ ack, view, body }) => {
    const fail = (text: string) => ack({ response_action: 'errors', errors: { [RESOLVE_FIELDS.message.block]: text } });
    try {
      const found = await incidentFor(deps, numberOf(view.private_metadata), body.user.id);
      if (!found.ok) return fail(incidentRefusalText(found.refusal));
      const message = readResolveMessage(view.state as Parameters<typeof readResolveMessage>[0]);
      const done = await changeIncidentStatus(deps, {
        channelId: found.incident.channelId,
        to: 'resolved',
        actor: body.user.id,
        message,
        requestKey: view.id,
      });
      if (!done.ok && done.error.kind !== 'duplicate_request') return fail(incidentRefusalText(done.error));
      await ack();
    } catch (e) {
      deps.log.error('resolve failed', { error: e });
      await fail(failureText(e));
    }
  });
}
