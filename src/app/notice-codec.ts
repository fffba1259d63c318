import type { Incident } from '../domain/incident';
import type { Notice } from './ports';

const INCIDENT_DATES = ['declaredAt', 'updatedAt', 'resolvedAt', 'closedAt'] as const;

function reviveIncident(raw: Record<string, unknown>): Incident {
  const out = { ...raw } as Record<string, unknown>;
  for (const k of INCIDENT_DATES) out[k] = raw[k] == null ? null : new Date(raw[k] as string);
  return out as unknown as Incident;
}

/** Notices are stored as JSON in the outbox; dates come back as Dates. */
export const encodeNotice = (n: Notice): string => JSON.stringify(n);

const KINDS: Record<Notice['type'], true> = {
  declared: true,
  declare_pending: true,
  declare_failed: true,
  changed: true,
  review_submitted: true,
  recovery_offered: true,
  step_ticked: true,
  drill_due: true,
  feedback_requested: true,
  update_posted: true,
  note_added: true,
  followup_added: true,
  key_marked: true,
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws, naming what is wrong, for a row no notice of this build reads as: bad JSON, an unknown kind, a missing part. */
export function decodeNotice(raw: unknown): Notice {
  const n = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown> & { type: Notice['type'] };
  if (!isObject(n)) throw new Error(`notice is not an object: ${JSON.stringify(raw)?.slice(0, 100)}`);
  if (!Object.hasOwn(KINDS, n.type)) throw new Error(`unknown notice type ${JSON.stringify(n.type)}`);
  const parts = n.type === 'drill_due' ? ['plan'] : n.type === 'changed' ? ['incident', 'before', 'event'] : ['incident'];
  for (const part of parts) if (!isObject(n[part])) throw new Error(`${n.type} notice has no ${part}`);
  if (n.type === 'drill_due') {
    return { ...n, due: new Date(n.due as string), lastDrillAt: n.lastDrillAt ? new Date(n.lastDrillAt as string) : null } as unknown as Notice;
  }
  const base = { ...n, incident: reviveIncident(n.incident as Record<string, unknown>) } as Record<string, unknown>;
  if (n.type === 'changed') {
    base.before = reviveIncident(n.before as Record<string, unknown>);
    const event = n.event as Record<string, unknown>;
    base.event = { ...event, at: new Date(event.at as string) };
  }
  if (n.type === 'update_posted') base.nextUpdateDue = new Date(n.nextUpdateDue as string);
  return base as unknown as Notice;
}
