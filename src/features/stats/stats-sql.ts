import { sql } from 'kysely';

export type Row = Record<string, string | number | null>;

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Whether the viewer may see incident `i`: public, or one of its people
 * (peopleOf in src/domain/visibility.ts, the same rule in SQL): tied to it by
 * declaring, a role, an invitation, a post, a pin or :pushpin: or a join, and not out of its channel.
 */
export const visibleTo = (value: string) =>
  sql`(not i.is_private or (
         (i.declared_by = ${value} or ${value} in (i.commander_id, i.comms_id, i.scribe_id)
          or exists (select 1 from incident_participants p where p.incident_id = i.id and p.user_id = ${value})
          or exists (select 1 from timeline_entries t where t.incident_id = i.id and t.author = ${value})
          or exists (select 1 from incident_markers k where k.incident_id = i.id and k.user_id = ${value})
          or exists (select 1 from incident_members m where m.incident_id = i.id and m.user_id = ${value} and m.in_channel))
         and not exists (select 1 from incident_members m where m.incident_id = i.id and m.user_id = ${value} and not m.in_channel)))`;

/**
 * Milliseconds from `from` to `to`, as a float8 holding a whole number: date_part
 * is float arithmetic, several times cheaper over 100,000 rows than extract's
 * numeric, and rounding keeps sums and medians exactly equal to the domain's.
 */
export const msBetween = (from: string, to: string) => `round(date_part('epoch', ${to} - ${from}) * 1000)`;
