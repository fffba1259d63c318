import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { type KeyReason, slackTsToDate, type TimelineEntry } from '../../domain/timeline';
import { withinEventDeadline } from '../../kernel/db/event-deadline';
import { GroupCommit } from '../../kernel/db/group-commit';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { Ingested, NewTimelineMessage, TimelineRepositories, TimelineRepository } from './timeline.ports';
import type { TimelineEntriesTable, TimelineTables } from './timeline.tables';

function toEntry(row: Selectable<TimelineEntriesTable>): TimelineEntry {
  return {
    kind: row.kind === 'note' ? 'note' : 'message',
    at: row.at,
    author: row.author,
    text: row.text,
    key: row.key,
    keyReason: (row.key_reason as KeyReason | null) ?? null,
    slackTs: row.slack_ts,
    threadTs: row.thread_ts,
    edited: row.edited,
  };
}

type Change = Parameters<TimelineRepository['ingest']>[3];
type MessageChange = Extract<Change, { kind: 'message' }>;
interface MessageEvent {
  channelId: string;
  change: MessageChange;
}

/**
 * The message comes to a row kept for its early edit or deletion (not yet
 * `arrived`): it brings its author, time and thread, and its text unless an edit
 * or the deletion (which keeps none) came first. A row that has arrived keeps all.
 */
const FILL_IN = sql`author = case when t.arrived then t.author else excluded.author end,
  at = case when t.arrived then t.at else excluded.at end,
  thread_ts = case when t.arrived then t.thread_ts else excluded.thread_ts end,
  text = case when t.arrived or t.edited or t.deleted then t.text else excluded.text end,
  arrived = true`;

/**
 * An edit or a deletion; its event id is claimed in the same statement as its
 * effect, so it applies once. With no row for its message yet (the message's
 * delivery failed and Slack will send it again), it leaves one, not yet arrived,
 * that the message fills in; the unique key orders the two whichever comes first.
 */
async function ingestChange(
  db: Kysely<DB>,
  eventId: string,
  channelId: string,
  receivedAt: Date,
  change: Exclude<Change, MessageChange>,
): Promise<Ingested> {
  const at = slackTsToDate(change.slackTs);
  const apply =
    change.kind === 'edit'
      ? sql`insert into timeline_entries as t (incident_id, kind, author, text, at, slack_ts, edited, edited_ts, arrived)
            select inc.id, 'message', '', ${change.text}, ${at}, ${change.slackTs}, true, ${change.editTs}::numeric, false from inc, claimed
            on conflict (incident_id, slack_ts) do update set text = excluded.text, edited = true, edited_ts = excluded.edited_ts
            where not t.deleted and (t.edited_ts is null or t.edited_ts < excluded.edited_ts)
            returning t.id`
      : // A deleted message keeps no text: a pasted secret is gone from the database too.
        sql`insert into timeline_entries as t (incident_id, kind, author, text, at, slack_ts, deleted, arrived)
            select inc.id, 'message', '', '', ${at}, ${change.slackTs}, true, false from inc, claimed
            on conflict (incident_id, slack_ts) do update set deleted = true, text = ''
            returning t.id`;
  // Data-modifying CTEs run as one statement: the claim and its effect commit together or not at all.
  const { rows } = await sql<{ incidents: string; claimed: string }>`
    with inc as (select id from incidents where channel_id = ${channelId}),
    claimed as (
      insert into slack_events (event_id, received_at)
      select ${eventId}, ${receivedAt} from inc
      on conflict (event_id) do nothing
      returning event_id
    ),
    applied as (${apply})
    select (select count(*) from inc) as incidents, (select count(*) from claimed) as claimed, (select count(*) from applied) as applied`.execute(
    db,
  );
  const r = rows[0];
  if (Number(r.incidents) === 0) return 'ignored';
  return Number(r.claimed) === 0 ? 'duplicate' : 'recorded';
}

/** Data exceptions (22…) and constraint violations (23…) belong to one row; anything else would fail its neighbours alike. */
const rowMayBeAtFault = (error: unknown) => /^2[23]/.test((error as { code?: string } | undefined)?.code ?? '');

export class PgTimelineRepository implements TimelineRepository {
  /** New messages arriving together are stored together (see GroupCommit); made on first use, outside transactions only. */
  private messages: GroupCommit<MessageEvent, Ingested> | undefined;

  private readonly db: Kysely<DB & TimelineTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<TimelineTables>();
  }

  async addMessage(message: NewTimelineMessage, key?: KeyReason): Promise<boolean> {
    // On conflict: a row kept for an early edit or deletion is filled in (see
    // ingestMessages), and a key mark racing the message's own store (committed
    // between our lookup and this insert) marks the stored row instead of being lost.
    const { rows } = await sql<{ id: string }>`
      insert into timeline_entries as t (incident_id, kind, author, text, at, slack_ts, thread_ts, key, key_reason)
      values (${message.incidentId}, 'message', ${message.author}, ${message.text}, ${message.at}, ${message.slackTs}, ${message.threadTs}, ${!!key}, ${key ?? null})
      on conflict (incident_id, slack_ts) do update
        set ${FILL_IN}, key = t.key or excluded.key, key_reason = coalesce(t.key_reason, excluded.key_reason)
        where not t.arrived or (excluded.key and not t.key)
      returning t.id`.execute(this.db);
    return rows.length > 0;
  }

  async ingest(eventId: string, channelId: string, receivedAt: Date, change: Change): Promise<Ingested> {
    // Edits and deletions go alone: in a combined statement they could not see a message stored by the same statement.
    if (change.kind !== 'message')
      return withinEventDeadline(this.db, (db) => ingestChange(db, eventId, channelId, receivedAt, change));
    const one = async (e: MessageEvent) => (await this.ingestMessages([e]))[0];
    if (this.db.isTransaction) return one({ channelId, change });
    this.messages ??= new GroupCommit(
      (events) => this.ingestMessages(events),
      one,
      undefined,
      undefined,
      rowMayBeAtFault,
    );
    return this.messages.run({ channelId, change });
  }

  /**
   * Many new-message events in one statement, with the same effect as each alone.
   * A message's own key (incident, Slack ts) makes it exactly-once, so unlike edits
   * and deletions it needs no claimed event id: a redelivered event, or the same one
   * twice in a batch, finds its message stored and adds nothing. Half the writes of
   * claiming the id too, on the path that carries most of the traffic.
   */
  private async ingestMessages(events: MessageEvent[]): Promise<Ingested[]> {
    const col = <T>(f: (e: MessageEvent) => T) => events.map(f);
    const { rows } = await withinEventDeadline(this.db, (db) =>
      sql<{ incident_id: string | null; slack_ts: string; inserted: boolean }>`
      with ev as (
        select v.*
        from unnest(${col((e) => e.channelId)}::text[], ${col((e) => e.change.author)}::text[], ${col((e) => e.change.text)}::text[],
                    ${col((e) => e.change.at)}::timestamptz[], ${col((e) => e.change.slackTs)}::text[], ${col((e) => e.change.threadTs)}::text[])
             with ordinality as v(channel_id, author, text, at, slack_ts, thread_ts, i)
      ),
      inc as (select ev.i, incidents.id from ev join incidents on incidents.channel_id = ev.channel_id),
      applied as (
        -- One row per message: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
        insert into timeline_entries as t (incident_id, kind, author, text, at, slack_ts, thread_ts)
        select distinct on (inc.id, ev.slack_ts) inc.id, 'message', ev.author, ev.text, ev.at, ev.slack_ts, ev.thread_ts
        from ev join inc on inc.i = ev.i
        order by inc.id, ev.slack_ts, ev.i
        on conflict (incident_id, slack_ts) do update set ${FILL_IN} where not t.arrived
        returning incident_id, slack_ts
      )
      select inc.id as incident_id, ev.slack_ts,
             exists (select 1 from applied a where a.incident_id = inc.id and a.slack_ts = ev.slack_ts) as inserted
      from ev left join inc on inc.i = ev.i
      order by ev.i`.execute(db),
    );
    // The first of the batch's copies of a message gets 'recorded', the others 'duplicate'.
    const stored = new Set<string>();
    return rows.map((row) => {
      if (row.incident_id === null) return 'ignored';
      const key = `${row.incident_id}/${row.slack_ts}`;
      if (!row.inserted || stored.has(key)) return 'duplicate';
      stored.add(key);
      return 'recorded';
    });
  }

  async markKey(incidentId: number, slackTs: string, reason: KeyReason): Promise<'marked' | 'already' | 'missing'> {
    const row = await this.db
      .selectFrom('timeline_entries')
      .select(['id', 'key', 'arrived'])
      .where('incident_id', '=', incidentId)
      .where('slack_ts', '=', slackTs)
      .forUpdate()
      .executeTakeFirst();
    // A row kept only for an early edit or deletion holds no message yet.
    if (!row?.arrived) return 'missing';
    if (row.key) return 'already';
    await this.db
      .updateTable('timeline_entries')
      .set({ key: true, key_reason: reason })
      .where('id', '=', row.id)
      .execute();
    return 'marked';
  }

  async addNote(incidentId: number, author: string, text: string, at: Date, options?: { key: false }): Promise<void> {
    const key = options?.key ?? true;
    await this.db
      .insertInto('timeline_entries')
      .values({ incident_id: incidentId, kind: 'note', author, text, at, key, key_reason: key ? 'note' : null })
      .execute();
  }

  async latestNote(incidentId: number): Promise<{ text: string; at: Date } | undefined> {
    return this.db
      .selectFrom('timeline_entries')
      .select(['text', 'at'])
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'note')
      .where('key', '=', true)
      .where('deleted', '=', false)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async entries(incidentId: number): Promise<TimelineEntry[]> {
    const rows = await this.db
      .selectFrom('timeline_entries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('deleted', '=', false)
      .where('arrived', '=', true)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const timelineRepositories: RepositoryFactories<TimelineRepositories> = {
  timeline: (db) => new PgTimelineRepository(db),
};
