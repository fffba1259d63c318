import { type Kysely, sql, type Transaction } from 'kysely';
import type { Ties } from '../../domain/visibility';
import type { DB } from '../db/schema';
import type { MembershipRepository } from './membership.ports';

type Tie = 'recorded' | 'posted' | 'marked' | 'in' | 'out';

export class PgMembershipRepository implements MembershipRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async record(channelId: string, user: string, inChannel: boolean, eventTs: string): Promise<boolean> {
    const incident = await this.db
      .selectFrom('incidents')
      .select('id')
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    if (!incident) return false;
    // Only a newer event moves someone: a redelivered or late one leaves the newer state alone.
    const r = await this.db
      .insertInto('incident_members')
      .values({ incident_id: incident.id, user_id: user, in_channel: inChannel, event_ts: eventTs })
      .onConflict((oc) =>
        oc
          .columns(['incident_id', 'user_id'])
          .doUpdateSet((eb) => ({ in_channel: eb.ref('excluded.in_channel'), event_ts: eb.ref('excluded.event_ts') }))
          .where('incident_members.event_ts', '<', (eb) => eb.ref('excluded.event_ts')),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async recordMarker(incidentId: number, user: string, at: Date): Promise<void> {
    await this.db
      .insertInto('incident_markers')
      .values({ incident_id: incidentId, user_id: user, first_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async ties(incidentIds: number[]): Promise<Map<number, Ties>> {
    const found = new Map(
      incidentIds.map((id) => [
        id,
        {
          recorded: [] as string[],
          posted: [] as string[],
          marked: [] as string[],
          inChannel: [] as string[],
          departed: [] as string[],
        },
      ]),
    );
    if (!incidentIds.length) return found;
    const ids = sql`${`{${incidentIds.join(',')}}`}::bigint[]`;
    const { rows } = await sql<{ incident_id: string | number; user_id: string; tie: Tie }>`
      select incident_id, user_id, tie from (
        select incident_id, user_id, 'recorded' as tie, added_at as since from incident_participants where incident_id = any(${ids})
        union all
        select incident_id, author, 'posted', min(at) from timeline_entries where incident_id = any(${ids}) group by incident_id, author
        union all
        select incident_id, user_id, 'marked', first_at from incident_markers where incident_id = any(${ids})
        union all
        select incident_id, user_id, case when in_channel then 'in' else 'out' end, to_timestamp(event_ts::float8) from incident_members where incident_id = any(${ids})
      ) t order by since, user_id`.execute(this.db);
    const field = {
      recorded: 'recorded',
      posted: 'posted',
      marked: 'marked',
      in: 'inChannel',
      out: 'departed',
    } as const;
    for (const r of rows) found.get(Number(r.incident_id))?.[field[r.tie]].push(r.user_id);
    return found;
  }
}
