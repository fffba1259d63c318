import type { Kysely, Selectable, Transaction } from 'kysely';
import type { NewTimelineMessage, TimelineRepository } from '../app/ports';
import type { KeyReason, TimelineEntry } from '../domain/timeline';
import type { DB, TimelineEntriesTable } from './schema';

function toEntry(r: Selectable<TimelineEntriesTable>): TimelineEntry {
  return {
    kind: r.kind === 'note' ? 'note' : 'message',
    at: r.at,
    author: r.author,
    text: r.text,
    key: r.key,
    keyReason: (r.key_reason as KeyReason | null) ?? null,
    slackTs: r.slack_ts,
    threadTs: r.thread_ts,
    edited: r.edited,
  };
}

export class PgTimelineRepository implements TimelineRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async addMessage(m: NewTimelineMessage, key?: KeyReason): Promise<boolean> {
    const row = await this.db
      .insertInto('timeline_entries')
      .values({
        incident_id: m.incidentId,
        kind: 'message',
        author: m.author,
        text: m.text,
        at: m.at,
        slack_ts: m.slackTs,
        thread_ts: m.threadTs,
        key: !!key,
        key_reason: key ?? null,
      })
      .onConflict((oc) => oc.columns(['incident_id', 'slack_ts']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return !!row;
  }

  async editMessage(incidentId: number, slackTs: string, text: string): Promise<boolean> {
    const r = await this.db
      .updateTable('timeline_entries')
      .set({ text, edited: true })
      .where('incident_id', '=', incidentId)
      .where('slack_ts', '=', slackTs)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async deleteMessage(incidentId: number, slackTs: string): Promise<boolean> {
    const r = await this.db
      .updateTable('timeline_entries')
      .set({ deleted: true })
      .where('incident_id', '=', incidentId)
      .where('slack_ts', '=', slackTs)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async markKey(incidentId: number, slackTs: string, reason: KeyReason): Promise<'marked' | 'already' | 'missing'> {
    const row = await this.db
      .selectFrom('timeline_entries')
      .select(['id', 'key'])
      .where('incident_id', '=', incidentId)
      .where('slack_ts', '=', slackTs)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return 'missing';
    if (row.key) return 'already';
    await this.db.updateTable('timeline_entries').set({ key: true, key_reason: reason }).where('id', '=', row.id).execute();
    return 'marked';
  }

  async addNote(incidentId: number, author: string, text: string, at: Date): Promise<void> {
    await this.db
      .insertInto('timeline_entries')
      .values({ incident_id: incidentId, kind: 'note', author, text, at, key: true, key_reason: 'note' })
      .execute();
  }

  async latestNote(incidentId: number): Promise<{ text: string; at: Date } | undefined> {
    return this.db
      .selectFrom('timeline_entries')
      .select(['text', 'at'])
      .where('incident_id', '=', incidentId)
      .where('kind', '=', 'note')
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
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }
}
