import type { Incident, StoredFields } from '../../domain/incident';
import type { IncidentEvent } from '../../domain/incident-event';
import { fieldChanges } from '../../domain/incident-types';
import { changeSeverity, changeStatus, checkNotFinished, type Refusal } from '../../domain/lifecycle';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import { isSeverity, SEVERITIES, type Severity } from '../../domain/severity';
import { isOpen, type Status } from '../../domain/status';
import {
  COMPONENT_STATUSES,
  isComponentStatus,
  isPublicStatus,
  PUBLIC_STATUSES,
  publicComponents,
  statusPageOffered,
} from '../../domain/status-page';
import { allowedNext, canMove } from '../../domain/transitions';
import { nextUpdateChoices, updateInterval, updateStatusChoices } from '../../domain/update-choices';
import type { Clock } from '../../kernel/clock';
import type { AdminDirectory } from '../../kernel/directory.ports';
import { STATUS_GUARD, withAdminStanding } from '../../kernel/incident/admin-standing';
import { alertGroupHeld } from '../../kernel/incident/alert-group-guard';
import { recheckFields } from '../../kernel/incident/field-values';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import { claimRequest } from '../../kernel/incident/requests';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { PublicPostRequest, RequestPublicPost, StatusPageRepositories } from '../status-page/status-page.ports';
import { syncReminders } from './reminders';
import type { RemindersNeed } from './reminders.ports';
import type { UpdatesRefusal } from './updates.refusals';

export interface UpdateDeps {
  uow: UnitOfWork<RemindersNeed & StatusPageRepositories>;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  admins: AdminDirectory;
  /** The status page feature's (main.ts): a public post the form asked for, owed in the update's transaction. */
  requestPublicPost: RequestPublicPost;
}

/** The *Status page* section as submitted (update-modal.view.ts reads it; this use case checks it). */
export interface PublicPostInput {
  present: boolean;
  publish: boolean;
  message: string;
  status: string | null;
  componentStatus: string | null;
}

export interface UpdateInput {
  incidentNumber: number;
  actor: string;
  text: string;
  status: Status;
  severity: Severity | null;
  nextUpdateInMs: number;
  publicPost?: PublicPostInput;
  /** The custom fields the form showed for the incident's type `type`, as filled in. */
  fields?: { type: string; values: StoredFields };
  /** The view id of the submitted modal: a replayed submission changes nothing twice. */
  requestKey?: string;
}

export type UpdateRefusal = {
  field: 'status' | 'severity' | 'text' | 'next' | 'publish' | 'publicMessage' | 'publicStatus' | 'componentStatus';
  refusal: UpdatesRefusal;
};

/**
 * An update is a real transition when it changes status or severity (same rules
 * as the commands), plus a human update that resets the nudge clock; all in one
 * transaction, then announced to the channel, stakeholders and subscribers.
 */
export async function postUpdate(deps: UpdateDeps, input: UpdateInput): Promise<Result<Incident, UpdateRefusal>> {
  const now = deps.clock.now();
  const outcome = await withAdminStanding(deps.admins, input.actor, (permit) =>
    deps.uow.transaction(async (tx): Promise<Result<Incident, UpdateRefusal>> => {
      const found = await tx.incidents.findByNumber(input.incidentNumber);
      const before = found && (await tx.incidents.findByChannel(found.channelId, { forUpdate: true }));
      if (!before) return err({ field: 'text', refusal: { kind: 'not_incident_channel' } });
      if (!(await isOneOfItsPeople(tx, before, input.actor)))
        return err({ field: 'text', refusal: { kind: 'not_visible' } });
      const open = checkNotFinished(before);
      if (!open.ok) return err({ field: 'text', refusal: open.error });
      // The submission may be forged: only what the modal offered for this incident, as it is now, is accepted.
      const offered = offeredUpdate(before, input, deps.policy);
      if (offered) return err(offered);
      const publicPost = offeredPublicPost(before, input.publicPost, deps.policy);
      if (!publicPost.ok) return err(publicPost.error);
      let current = before;
      const events: { event: IncidentEvent; before: Incident; after: Incident }[] = [];
      const apply = (
        field: 'status' | 'severity',
        result: Result<{ incident: Incident; event: IncidentEvent }, Refusal>,
      ) => {
        if (!result.ok) return err({ field, refusal: result.error });
        events.push({ event: result.value.event, before: current, after: result.value.incident });
        current = result.value.incident;
        return undefined;
      };
      // Severity first: leaving triage in the same update may depend on it.
      if (input.severity && input.severity !== current.severity) {
        const refused = apply('severity', changeSeverity(current, input.severity, input.actor, now));
        if (refused) return refused;
      }
      if (input.status !== current.status) {
        const allowed = permit(STATUS_GUARD[input.status] ?? null, current);
        if (!allowed.ok) return err({ field: 'status', refusal: allowed.error });
        const refused = apply('status', changeStatus(current, input.status, input.actor, now, null));
        if (refused) return refused;
        const held = await alertGroupHeld(tx.incidents, before, current);
        if (held) return err({ field: 'status', refusal: held });
      }
      // Checked against the policy at the write: the form must have been drawn for the incident's type as it is now.
      let fieldsChanged = false;
      if (input.fields) {
        const checked =
          input.fields.type === before.type
            ? recheckFields(deps.policy, before.type, input.fields.values, before.fields)
            : { ok: false as const, message: 'The incident’s type changed since this form was opened.' };
        if (!checked.ok) return err({ field: 'text', refusal: { kind: 'fields_refused', message: checked.message } });
        fieldsChanged = JSON.stringify(checked.fields) !== JSON.stringify(before.fields ?? {});
        if (fieldsChanged) current = { ...current, fields: checked.fields };
      }
      if (!(await claimRequest(tx, input.requestKey, now)))
        return err({ field: 'text', refusal: { kind: 'duplicate_request' } });
      if (events.length || fieldsChanged) await tx.incidents.update(current);
      for (const e of events) await tx.incidents.addEvent(before.id, e.event, { before: e.before, after: e.after });
      if (fieldsChanged) {
        const changes = fieldChanges(before.fields ?? {}, current.fields ?? {});
        if (changes.length)
          await tx.incidents.addEvent(
            before.id,
            { change: { kind: 'fields_changed', changes }, actor: input.actor, at: now },
            { before, after: current },
          );
      }
      await tx.timeline.addNote(before.id, input.actor, input.text, now);
      await tx.incidents.recordUpdate(before.id, now, new Date(now.getTime() + input.nextUpdateInMs));
      await tx.reminders.humanUpdate(before.id);
      await syncReminders(tx, current, deps.policy);
      if (publicPost.value) await deps.requestPublicPost(tx, current, publicPost.value, input.actor, now);
      for (const e of events)
        await deps.notifier.notify(tx, { type: 'changed', incident: current, before: e.before, event: e.event });
      await deps.notifier.notify(tx, {
        type: 'update_posted',
        incident: current,
        text: input.text,
        actor: input.actor,
        nextUpdateDue: new Date(now.getTime() + input.nextUpdateInMs),
        subscribers: await tx.incidents.subscribers(before.id),
        ...(fieldsChanged ? { fieldsChanged: true as const } : {}),
      });
      return ok(current);
    }),
  );
  return outcome;
}

/** A submitted choice the update modal did not offer, as a refusal on its field. */
function offeredUpdate(incident: Incident, input: UpdateInput, policy: Policy): UpdateRefusal | undefined {
  const statuses = updateStatusChoices(incident.status);
  if (!statuses.includes(input.status)) {
    // A move the lifecycle forbids anyway (the modal went stale) gets the lifecycle's own answer: what is allowed from here.
    const from = incident.status;
    const refusal: UpdatesRefusal = canMove(from, input.status)
      ? { kind: 'not_offered', field: 'status', offered: statuses }
      : { kind: 'forbidden_transition', from, to: input.status, allowed: allowedNext(from) };
    return { field: 'status', refusal };
  }
  if (input.severity !== null && !isSeverity(input.severity))
    return { field: 'severity', refusal: { kind: 'not_offered', field: 'severity', offered: [...SEVERITIES] } };
  const choices = nextUpdateChoices(updateInterval(incident.severity, policy, incident.type));
  if (!choices.some((c) => c.ms === input.nextUpdateInMs))
    return { field: 'next', refusal: { kind: 'not_offered', field: 'next', offered: choices.map((c) => c.label) } };
  return undefined;
}

/**
 * The *Status page* section, checked against what the form offered this incident: none at all for a private
 * incident, a drill, or without a status page; only its statuses; the component status only where the incident's
 * category names components. Ok with the post to make, or null when nothing is to be published.
 */
function offeredPublicPost(
  incident: Incident,
  form: PublicPostInput | undefined,
  policy: Policy,
): Result<PublicPostRequest | null, UpdateRefusal> {
  if (!form?.present) return ok(null);
  if (!statusPageOffered(incident, policy.statusPage))
    return err({ field: 'publish', refusal: { kind: 'status_page_not_offered' } });
  const components = publicComponents(incident, policy.statusPage).length > 0;
  if (form.status !== null && !isPublicStatus(form.status))
    return err({
      field: 'publicStatus',
      refusal: { kind: 'not_offered', field: 'publicStatus', offered: [...PUBLIC_STATUSES] },
    });
  if (form.componentStatus !== null && (!components || !isComponentStatus(form.componentStatus)))
    return err({
      field: 'componentStatus',
      refusal: { kind: 'not_offered', field: 'componentStatus', offered: components ? [...COMPONENT_STATUSES] : [] },
    });
  if (!form.publish) return ok(null);
  if (!form.message) return err({ field: 'publicMessage', refusal: { kind: 'public_message_missing' } });
  if (!isPublicStatus(form.status))
    return err({
      field: 'publicStatus',
      refusal: { kind: 'not_offered', field: 'publicStatus', offered: [...PUBLIC_STATUSES] },
    });
  const componentStatus = isComponentStatus(form.componentStatus) ? form.componentStatus : null;
  return ok({ message: form.message, status: form.status, componentStatus });
}

/** Subscribing is per incident channel; anyone who can run commands there may. */
export async function setSubscription(
  deps: { uow: UnitOfWork<RemindersNeed>; clock: Clock },
  params: { channelId: string; user: string; on: boolean },
): Promise<Result<boolean, UpdatesRefusal>> {
  const incident = await deps.uow.incidents.findByChannel(params.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  const changed = params.on
    ? await deps.uow.incidents.subscribe(incident.id, params.user, deps.clock.now())
    : await deps.uow.incidents.unsubscribe(incident.id, params.user);
  return ok(changed);
}

/**
 * "Snooze 30m" on an update nudge, in the channel or an escalation DM: the
 * incident is the one the button names (else the channel's), loaded again here.
 * A resolved incident has no update reminders left to snooze.
 */
export async function snoozeUpdateNudge(
  deps: { uow: UnitOfWork<RemindersNeed>; policy: Policy },
  params: { channelId: string; incidentNumber?: number; until: Date; user: string },
): Promise<Result<Incident, UpdatesRefusal>> {
  return deps.uow.transaction(async (tx) => {
    const named =
      params.incidentNumber === undefined ? undefined : await tx.incidents.findByNumber(params.incidentNumber);
    const incident = await tx.incidents.findByChannel(named ? named.channelId : params.channelId, { forUpdate: true });
    if (!incident || (params.incidentNumber !== undefined && !named))
      return err({ kind: 'not_incident_channel' } as const);
    if (!(await isOneOfItsPeople(tx, incident, params.user))) return err({ kind: 'not_visible' } as const);
    if (!isOpen(incident.status)) return err({ kind: 'incident_finished', status: incident.status } as const);
    await tx.reminders.snooze(incident.id, params.until);
    await syncReminders(tx, incident, deps.policy);
    return ok(incident);
  });
}
