import type { View } from '@slack/types';
import { type Incident, incidentRef, MAX_SUMMARY } from '../../domain/incident';
import { typeOf } from '../../domain/incident-types';
import type { IncidentType } from '../../domain/policy';
import { isSeverity, SEVERITIES, SEVERITY_MEANING, type Severity } from '../../domain/severity';
import { isStatus, STATUS_LABEL, type Status } from '../../domain/status';
import { cut } from '../../domain/text';
import { nextUpdateChoices, updateStatusChoices } from '../../domain/update-choices';
import { PLAIN_INPUT_MAX } from '../../kernel/slack/mrkdwn';
import { fieldBlocks } from '../../kernel/slack/type-fields.view';
import { UPDATE_FIELDS as F, UPDATE_MODAL } from './updates.ids';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
/** Status offers only moves the lifecycle allows from here, plus staying put. */
export function updateModal(
  incident: Incident,
  text: string,
  nextUpdateMs: number,
  types: readonly IncidentType[] = [],
): View {
  const type = typeOf({ types: [...types] }, incident.type);
  const statuses = updateStatusChoices(incident.status);
  const statusOption = (status: (typeof statuses)[number]) => ({ text: plain(STATUS_LABEL[status]), value: status });
  const sevOption = (severity: (typeof SEVERITIES)[number]) => ({
    text: plain(`${severity}: ${SEVERITY_MEANING[severity]}`.slice(0, 75)),
    value: severity,
  });
  const choices = nextUpdateChoices(nextUpdateMs);
  const nextOption = (choice: { label: string; ms: number }) => ({
    text: plain(choice.label),
    value: String(choice.ms),
  });
  const initialNext = choices.find((c) => c.ms === nextUpdateMs)!;
  return {
    type: 'modal',
    callback_id: UPDATE_MODAL,
    private_metadata: JSON.stringify({ incident: incident.number, ...(type ? { type: type.name } : {}) }),
    title: plain(`Update ${incidentRef(incident.number)}`.slice(0, 24)),
    submit: plain('Post update'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: F.status.block,
        label: plain(F.status.label),
        element: {
          type: 'static_select',
          action_id: F.status.action,
          options: statuses.map(statusOption),
          initial_option: statusOption(incident.status),
        },
      },
      {
        type: 'input',
        block_id: F.severity.block,
        label: plain(F.severity.label),
        optional: !incident.severity,
        element: {
          type: 'static_select',
          action_id: F.severity.action,
          options: SEVERITIES.map(sevOption),
          ...(incident.severity ? { initial_option: sevOption(incident.severity) } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.text.block,
        label: plain(F.text.label),
        element: {
          type: 'plain_text_input',
          action_id: F.text.action,
          multiline: true,
          max_length: PLAIN_INPUT_MAX,
          ...(text.trim() ? { initial_value: cut(text, PLAIN_INPUT_MAX) } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.next.block,
        label: plain(F.next.label),
        element: {
          type: 'static_select',
          action_id: F.next.action,
          options: choices.map(nextOption),
          initial_option: nextOption(initialNext),
        },
      },
      // The incident's custom fields, as they stand: changing one here changes it with the update.
      ...fieldBlocks('update', type, incident.fields),
    ],
  };
}

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

export interface UpdateForm {
  status: Status;
  severity: Severity | null;
  text: string;
  nextUpdateInMs: number;
}

/** Pure: the update modal's state to a form, or field errors keyed by block id. */
export function readUpdateForm(
  state: { values?: Values } | undefined,
): { ok: true; form: UpdateForm } | { ok: false; errors: Record<string, string> } {
  const v = state?.values ?? {};
  const errors: Record<string, string> = {};
  const status = v[F.status.block]?.[F.status.action]?.selected_option?.value;
  const severity = v[F.severity.block]?.[F.severity.action]?.selected_option?.value ?? null;
  const text = (v[F.text.block]?.[F.text.action]?.value ?? '').trim();
  const next = Number(v[F.next.block]?.[F.next.action]?.selected_option?.value);
  if (!isStatus(status)) errors[F.status.block] = 'Pick a status.';
  if (severity !== null && !isSeverity(severity)) errors[F.severity.block] = 'Pick one of SEV1 to SEV4.';
  if (!text) errors[F.text.block] = 'Say what changed or what you know, even "still investigating, next step X".';
  else if (text.length > MAX_SUMMARY) errors[F.text.block] = `Keep it under ${MAX_SUMMARY} characters.`;
  if (!Number.isInteger(next) || next <= 0) errors[F.next.block] = 'Pick when the next update is due.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    form: { status: status as Status, severity: severity as Severity | null, text, nextUpdateInMs: next },
  };
}
