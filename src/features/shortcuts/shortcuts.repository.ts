import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { SourceMessage } from '../../kernel/outbox/notice';
import type { ShortcutsRepositories, ShortcutsRepository } from './shortcuts.ports';
import type { ShortcutsTables } from './shortcuts.tables';

class PgShortcutsRepository implements ShortcutsRepository {
  private readonly db: Kysely<DB & ShortcutsTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<ShortcutsTables>();
  }

  async rememberSource(viewId: string, s: SourceMessage, at: Date): Promise<void> {
    await this.db
      .insertInto('declare_sources')
      .values({
        view_id: viewId,
        declarer: s.declarer,
        channel_id: s.channelId,
        message_ts: s.ts,
        thread_ts: s.threadTs,
        author: s.author,
        text: s.text,
        permalink: s.permalink,
        created_at: at,
      })
      .onConflict((oc) => oc.column('view_id').doNothing())
      .execute();
  }

  async sourceFor(viewId: string): Promise<SourceMessage | undefined> {
    const row = await this.db
      .selectFrom('declare_sources')
      .selectAll()
      .where('view_id', '=', viewId)
      .executeTakeFirst();
    return (
      row && {
        declarer: row.declarer,
        channelId: row.channel_id,
        ts: row.message_ts,
        threadTs: row.thread_ts,
        author: row.author,
        text: row.text,
        permalink: row.permalink,
      }
    );
  }

  async startStep(step: { executionId: string; callbackId: string; token: string }, at: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('workflow_steps')
      .values({ execution_id: step.executionId, callback_id: step.callbackId, token: step.token, started_at: at })
      .onConflict((oc) => oc.column('execution_id').doNothing())
      .returning('execution_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async claimCompletion(executionId: string, at: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('workflow_steps')
      .set({ completed_at: at })
      .where('execution_id', '=', executionId)
      .where('completed_at', 'is', null)
      .returning('execution_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async stepToken(executionId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('workflow_steps')
      .select('token')
      .where('execution_id', '=', executionId)
      .executeTakeFirst();
    return row?.token;
  }
}

export const shortcutsRepositories: RepositoryFactories<ShortcutsRepositories> = {
  shortcuts: (db) => new PgShortcutsRepository(db),
};
