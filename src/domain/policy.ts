import type { AlertSource } from './alerts';
import { type FieldKind, ROLE_DUTIES, ROLES } from './incident';
import type { ReviewExportPolicy, StatusPagePolicy, TicketsPolicy } from './integrations';
import { NO_PAGING, type PagingPolicy } from './paging';
import type { Severity } from './severity';
import type { WebhookEndpoint } from './webhooks';

export interface SeverityPolicy {
  /** How often a human update is expected while the incident is open (ms). */
  updateEvery: number;
  /** Cadence of the stakeholder digest (ms); absent means no digest. */
  stakeholderUpdateEvery: number | null;
  reviewRequired: boolean;
}

/** A link people open during an incident (a runbook). */
export interface PolicyLink {
  title: string;
  url: string;
}

/** A disaster recovery plan: a document, the steps to tick through, and who keeps it. */
export interface RecoveryPlan {
  id: string;
  title: string;
  url: string;
  steps: string[];
  /** Slack user IDs reminded when a drill of this plan is due. */
  owners: string[];
}

/** What a category's SEV1/SEV2 incidents get bookmarked and posted in their channel. */
export interface RecoveryGuide {
  runbook: PolicyLink | null;
  /** Id of an entry in `plans`. */
  plan: string | null;
}

export interface DrillSchedule {
  /** Id of an entry in `plans`. */
  plan: string;
  /** How often the plan should be exercised (ms). */
  every: number;
}

/** A custom field of an incident type (policy key `types.<name>.fields.<key>`). */
export interface CustomField {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** The choices of a select or multi_select; empty for the other kinds. */
  options: string[];
}

/** A named incident type and the defaults an incident of that type gets. */
export interface IncidentType {
  name: string;
  /** Severity policy with the type's overrides merged over the policy's `severities`. */
  severities: Record<Severity, SeverityPolicy>;
  /** The declare form's *Private incident* box starts ticked. */
  private: boolean;
  /** Where its declaration is announced; undefined: the policy's `announcementChannel`; null: not announced. */
  announcementChannel?: string | null;
  fields: CustomField[];
}

/** A role people are given in an incident, with the duties they are sent by DM (policy key `roles`). */
export interface PolicyRole {
  name: string;
  duties: string;
}

export interface Policy {
  /** Channel ID (`C…`) or `#name`; null turns announcements off. */
  announcementChannel: string | null;
  stakeholderChannel: string | null;
  severities: Record<Severity, SeverityPolicy>;
  categories: string[];
  reviewReminderAfter: number;
  schedulerTick: number;
  /** Users who may do what only a commander may (resolve, close, cancel, hand over command). */
  admins: string[];
  /** A Slack user group (S…) whose members count as admins. */
  adminGroup: string | null;
  plans: RecoveryPlan[];
  /** Keyed by category name (one of `categories`). */
  recovery: Record<string, RecoveryGuide>;
  drills: DrillSchedule[];
  /** Where alerts come in: `POST /hooks/alerts/<name>`, one per entry. */
  alertSources: AlertSource[];
  /** Who is paged, where, and at which severities (issue 17). */
  paging: PagingPolicy;
  /** Where every change goes out as a signed webhook. */
  webhooks: WebhookEndpoint[];
  /** The tracker follow-ups become tickets in; null: follow-ups stay in Firebreak. */
  tickets: TicketsPolicy | null;
  /** The public status page the update form can publish to; null: no *Status page* section. */
  statusPage: StatusPagePolicy | null;
  /** The wiki a published review is also written to; null: the Markdown file in Slack only. */
  reviewExport: ReviewExportPolicy | null;
  /** Named incident types, their defaults and custom fields; empty: no *Type* on the declare form. */
  types: IncidentType[];
  /** commander, comms and scribe (their duties maybe reworded), then the roles the policy adds. */
  roles: PolicyRole[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

export const DEFAULT_POLICY: Policy = {
  announcementChannel: '#incidents',
  stakeholderChannel: null,
  severities: {
    SEV1: { updateEvery: 30 * MIN, stakeholderUpdateEvery: HOUR, reviewRequired: true },
    SEV2: { updateEvery: HOUR, stakeholderUpdateEvery: 2 * HOUR, reviewRequired: true },
    SEV3: { updateEvery: 4 * HOUR, stakeholderUpdateEvery: null, reviewRequired: false },
    SEV4: { updateEvery: 24 * HOUR, stakeholderUpdateEvery: null, reviewRequired: false },
  },
  categories: ['Availability', 'Performance', 'Security', 'Data', 'Deployment', 'Third party', 'Other'],
  reviewReminderAfter: 2 * 24 * HOUR,
  schedulerTick: 30_000,
  admins: [],
  adminGroup: null,
  plans: [],
  recovery: {},
  drills: [],
  alertSources: [],
  paging: NO_PAGING,
  webhooks: [],
  tickets: null,
  statusPage: null,
  reviewExport: null,
  types: [],
  roles: ROLES.map((name) => ({ name, duties: ROLE_DUTIES[name] })),
};
