import type { View } from '@slack/types';
import { type Incident, incidentRef, MAX_SUMMARY } from '../../domain/incident';
import { typeOf } from '../../domain/incident-types';
import type { IncidentType } from '../../domain/policy';
import { isSeverity, SEVERITIES, SEVERITY_MEANING, type Severity } from '../../domain/severity';
import { isStatus, STATUS_LABEL, type Status } from '../../domain/status';
import {
  COMPONENT_STATUS_LABEL,
  COMPONENT_STATUSES,
  type ComponentStatus,
  MAX_PUBLIC_MESSAGE,
  PUBLIC_STATUS_LABEL,
  PUBLIC_STATUSES,
  type PublicStatus,
} from '../../domain/status-page';
import { cut } from '../../domain/text';
import { nextUpdateChoices, updateStatusChoices } from '../../domain/update-choices';
import { PLAIN_INPUT_MAX } from '../../kernel/slack/mrkdwn';
import { fieldBlocks } from '../../kernel/slack/type-fields.view';
import { UPDATE_FIELDS as F, PUBLISH_OPTION, UPDATE_MODAL } from './updates.ids';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
/**
 * The *Status page* section, when the incident may go public: the public message is its own field and starts
 * empty, so nothing said internally reaches customers unless someone writes it there. `components`: the incident's
 * category names components on the page, so their status is asked for too.
 */
export function statusPageSection(components: boolean) {
  const option = (label: string, value: string) => ({ text: plain(label), value });
  return [
    { type: 'header', text: plain('Status page') },
    {
      type: 'input',
      block_id: F.publish.block,
      label: plain(F.publish.label),
      optional: true,
      element: {
        type: 'checkboxes',
        action_id: F.publish.action,
        options: [option(F.publish.label, PUBLISH_OPTION)],
      },
    },
    {
      type: 'input',
      block_id: F.publicMessage.block,
      label: plain(F.publicMessage.label),
      optional: true,
      hint: plain('What customers read on the status page. Not taken from the update above.'),
      element: {
        type: 'plain_text_input',
        action_id: F.publicMessage.action,
        multiline: true,
        max_length: PLAIN_INPUT_MAX,
      },
    },
    {
      type: 'input',
      block_id: F.publicStatus.block,
      label: plain(F.publicStatus.label),
      optional: true,
      element: {
        type: 'static_select',
        action_id: F.publicStatus.action,
        options: PUBLIC_STATUSES.map((s) => option(PUBLIC_STATUS_LABEL[s], s)),
      },
    },
    ...(components
      ? [
          {
            type: 'input',
            block_id: F.componentStatus.block,
            label: plain(F.componentStatus.label),
            optional: true,
            element: {
              type: 'static_select',
              action_id: F.componentStatus.action,
              options: COMPONENT_STATUSES.map((s) => option(COMPONENT_STATUS_LABEL[s], s)),
            },
          },
        ]
      : []),
  ];
}

/**
 * Status offers only moves the lifecycle allows from here, plus staying put. `statusPage`: the *Status page*
 * section is shown (null: the incident may not go public). `types`: the policy's, for the incident's custom fields.
 */
export function updateModal(
  incident: Incident,
  text: string,
  nextUpdateMs: number,
  statusPage: { components: boolean } | null = null,
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
      ...(statusPage ? statusPageSection(statusPage.components) : []),
    ],
  } as View;
}

type Values = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

/**
 * The *Status page* section as submitted, unchecked beyond its shape: `present` when any of its fields came back
 * (the server refuses it where the form never offered it); the status values as sent, possibly forged.
 */
export interface PublicPostForm {
  present: boolean;
  publish: boolean;
  message: string;
  status: PublicStatus | string | null;
  componentStatus: ComponentStatus | string | null;
}

export interface UpdateForm {
  status: Status;
  severity: Severity | null;
  text: string;
  nextUpdateInMs: number;
  publicPost: PublicPostForm;
}

function readPublicPost(v: Values): PublicPostForm {
  const blocks = [F.publish, F.publicMessage, F.publicStatus, F.componentStatus];
  const field = (f: (typeof blocks)[number]) => v[f.block]?.[f.action];
  return {
    present: blocks.some((f) => field(f) !== undefined),
    publish: (field(F.publish)?.selected_options ?? []).some((o) => o.value === PUBLISH_OPTION),
    message: (field(F.publicMessage)?.value ?? '').trim(),
    status: field(F.publicStatus)?.selected_option?.value ?? null,
    componentStatus: field(F.componentStatus)?.selected_option?.value ?? null,
  };
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
  const publicPost = readPublicPost(v);
  if (publicPost.publish) {
    if (!publicPost.message)
      errors[F.publicMessage.block] = 'Write what customers should read: the internal update is never published.';
    else if (publicPost.message.length > MAX_PUBLIC_MESSAGE)
      errors[F.publicMessage.block] = `Keep it under ${MAX_PUBLIC_MESSAGE} characters.`;
    if (publicPost.status === null) errors[F.publicStatus.block] = 'Pick the status customers will see.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    form: { status: status as Status, severity: severity as Severity | null, text, nextUpdateInMs: next, publicPost },
  };
}
