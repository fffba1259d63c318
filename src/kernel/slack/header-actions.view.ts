import type { KnownBlock, View } from '@slack/types';
import { type Incident, incidentRef, ROLES, type Role } from '../../domain/incident';
import { canMove } from '../../domain/transitions';
import {
  HEADER_RESOLVE_BUTTON,
  HEADER_ROLE_BUTTON,
  HEADER_UPDATE_BUTTON,
  RESOLVE_FIELDS,
  RESOLVE_MODAL,
  ROLE_FIELDS,
  ROLE_MODAL,
} from './ids';
import { PLAIN_INPUT_MAX } from './mrkdwn';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const button = (action_id: string, text: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id,
  value,
  text: plain(text),
  ...(style ? { style } : {}),
});

/**
 * The common actions, one click from the pinned header. None once the incident
 * is closed or cancelled; Resolve only where the lifecycle allows it now (from
 * triage once severity and commander are set; not twice).
 */
const canResolve = (incident: Incident): boolean =>
  canMove(incident.status, 'resolved') &&
  (incident.status !== 'triage' || (incident.severity !== null && incident.roles.commander !== null));

export function headerActions(incident: Incident): KnownBlock[] {
  if (incident.status === 'closed' || incident.status === 'cancelled') return [];
  const value = String(incident.number);
  return [
    {
      type: 'actions',
      elements: [
        button(HEADER_UPDATE_BUTTON, 'Post update', value, 'primary'),
        button(HEADER_ROLE_BUTTON, 'Assign role', value),
        ...(canResolve(incident) ? [button(HEADER_RESOLVE_BUTTON, 'Resolve', value)] : []),
      ],
    },
  ];
}

const ROLE_LABEL: Record<Role, string> = { commander: 'Commander', comms: 'Comms lead', scribe: 'Scribe' };

/** `extraRoles`: the roles the policy adds (`roles`), offered after commander, comms and scribe. */
export function roleModal(incident: Incident, extraRoles: readonly string[] = []): View {
  const option = (r: string) => ({ text: plain(ROLE_LABEL[r as Role] ?? r), value: r });
  return {
    type: 'modal',
    callback_id: ROLE_MODAL,
    private_metadata: JSON.stringify({ incident: incident.number }),
    title: plain(`Role in ${incidentRef(incident.number)}`.slice(0, 24)),
    submit: plain('Assign'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: ROLE_FIELDS.role.block,
        label: plain(ROLE_FIELDS.role.label),
        element: {
          type: 'static_select',
          action_id: ROLE_FIELDS.role.action,
          options: [...ROLES, ...extraRoles].slice(0, 100).map(option),
          initial_option: option('commander'),
        },
      },
      {
        type: 'input',
        block_id: ROLE_FIELDS.user.block,
        label: plain(ROLE_FIELDS.user.label),
        element: { type: 'users_select', action_id: ROLE_FIELDS.user.action },
      },
    ],
  };
}

export function resolveModal(incident: Incident): View {
  return {
    type: 'modal',
    callback_id: RESOLVE_MODAL,
    private_metadata: JSON.stringify({ incident: incident.number }),
    title: plain(`Resolve ${incidentRef(incident.number)}`.slice(0, 24)),
    submit: plain('Resolve'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Mark *${incidentRef(incident.number)}* resolved? The channel and stakeholders are told.`,
        },
      },
      {
        type: 'input',
        block_id: RESOLVE_FIELDS.message.block,
        label: plain(RESOLVE_FIELDS.message.label),
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: RESOLVE_FIELDS.message.action,
          multiline: true,
          max_length: PLAIN_INPUT_MAX,
          placeholder: plain('What fixed it (optional)'),
        },
      },
    ],
  };
}

type Values = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_user?: string | null }>
>;

/** Pure: the role modal's state, or field errors keyed by block id. Only the roles offered are accepted. */
export function readRoleForm(
  state: { values?: Values } | undefined,
  extraRoles: readonly string[] = [],
): { ok: true; role: string; user: string } | { ok: false; errors: Record<string, string> } {
  const offered = [...ROLES, ...extraRoles];
  const v = state?.values ?? {};
  const role = v[ROLE_FIELDS.role.block]?.[ROLE_FIELDS.role.action]?.selected_option?.value;
  const user = v[ROLE_FIELDS.user.block]?.[ROLE_FIELDS.user.action]?.selected_user;
  const errors: Record<string, string> = {};
  if (!(offered as readonly string[]).includes(role ?? ''))
    errors[ROLE_FIELDS.role.block] =
      `Pick one of the roles offered: ${offered.map((r) => ROLE_LABEL[r as Role] ?? r).join(', ')}.`;
  if (!user || !/^[UW][A-Z0-9]{2,}$/.test(user)) errors[ROLE_FIELDS.user.block] = 'Pick a person.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, role: role as string, user: user as string };
}

export function readResolveMessage(state: { values?: Values } | undefined): string | null {
  const text = state?.values?.[RESOLVE_FIELDS.message.block]?.[RESOLVE_FIELDS.message.action]?.value?.trim();
  return text ? text : null;
}
