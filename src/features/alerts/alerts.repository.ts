import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AlertDraft } from '../../domain/alerts';
import { NOT_OPEN_STATUSES, OPEN_STATUSES } from '../../domain/status';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { AlertPrompt, AlertRepositories, AlertRepository, GroupIncident, PromptDecision } from './alerts.ports';
import type { AlertPromptsTable, AlertTables } from './alerts.tables';

const toPrompt = (row: Selectable<AlertPromptsTable>): AlertPrompt => ({
  id: Number(row.id),
  source: row.source,
  group: row.group_key,
  draft: row.draft as AlertDraft,
  state: row.state as AlertPrompt['state'],
  channelId: row.channel_id,
  messageTs: row.message_ts,
});

/** An incident of the prompt's group (`p`) declared since it was posted: its Declare form did its work. */
const declaredFromIt = ({ exists, selectFrom }: ExpressionBuilder<DB & AlertTables & { p: AlertPromptsTable }, 'p'>) =>
  exists(
    selectFrom('incidents as i')
      .select('i.id')
      .whereRef('i.alert_source', '=', 'p.source')
      .whereRef('i.alert_group', '=', 'p.group_key')
      .whereRef('i.declared_at', '>=', 'p.created_at'),
  );

export class PgAlertRepository implements AlertRepository {
  private readonly db: Kysely<DB & AlertTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<AlertTables>();
  }

  async lockGroup(source: string, group: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`alert:${source}:${group}`}, 0))`.execute(this.db);
  }

  async claimDelivery(
    source: string,
    delivery: string,
    at: Date,
    forgetAfterMs: number | null,
  ): Promise<'first' | 'again' | false> {
    const row = await this.db
      .insertInto('alert_deliveries')
      .values({ source, delivery, received_at: at })
      .onConflict((oc) => {
        const target = oc.columns(['source', 'delivery']);
        return forgetAfterMs === null
          ? target.doNothing()
          : target
              .doUpdateSet({ received_at: at })
              .where('alert_deliveries.received_at', '<=', new Date(at.getTime() - forgetAfterMs));
      })
      // xmax is 0 on a row this statement inserted, set on one it updated.
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .executeTakeFirst();
    return row ? (row.inserted ? 'first' : 'again') : false;
  }

  async openIncident(source: string, group: string): Promise<GroupIncident | undefined> {
    const row = await this.db
      .selectFrom('incidents')
      .select(['id', 'channel_id'])
      .where('alert_source', '=', source)
      .where('alert_group', '=', group)
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirst();
    return row && { id: Number(row.id), pending: row.channel_id === null };
  }

  async pastIncidents(source: string, group: string): Promise<number> {
    const row = await this.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('alert_source', '=', source)
      .where('alert_group', '=', group)
      .where('status', 'in', [...NOT_OPEN_STATUSES])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async openPrompt(source: string, group: string): Promise<AlertPrompt | undefined> {
    // A prompt whose Declare form was sent has done its work: the group's next episode prompts anew.
    await this.db
      .updateTable('alert_prompts as p')
      .set({ state: 'declared' })
      .where('p.source', '=', source)
      .where('p.group_key', '=', group)
      .where('p.state', '=', 'open')
      .where(declaredFromIt)
      .execute();
    const row = await this.db
      .selectFrom('alert_prompts')
      .selectAll()
      .where('source', '=', source)
      .where('group_key', '=', group)
      .where('state', '=', 'open')
      .executeTakeFirst();
    return row && toPrompt(row);
  }

  async addPrompt(source: string, group: string, draft: AlertDraft, at: Date): Promise<AlertPrompt> {
    const row = await this.db
      .insertInto('alert_prompts')
      .values({ source, group_key: group, draft: JSON.stringify(draft), created_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPrompt(row);
  }

  async findPrompt(id: number): Promise<AlertPrompt | undefined> {
    // Read, not settled: a click is no reason to write, and openPrompt settles it on the group's next delivery.
    const row = await this.db
      .selectFrom('alert_prompts as p')
      .selectAll('p')
      .select((eb) => declaredFromIt(eb).as('declared_since'))
      .where('p.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const prompt = toPrompt(row);
    return prompt.state === 'open' && row.declared_since ? { ...prompt, state: 'declared' } : prompt;
  }

  async setPromptMessage(id: number, channelId: string, ts: string): Promise<void> {
    await this.db
      .updateTable('alert_prompts')
      .set({ channel_id: channelId, message_ts: ts })
      .where('id', '=', id)
      .execute();
  }

  async decidePrompt(id: number, state: PromptDecision, by: string | null, at: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('alert_prompts')
      .set({ state, decided_by: by, decided_at: at })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const alertRepositories: RepositoryFactories<AlertRepositories> = {
  alerts: (db) => new PgAlertRepository(db),
};
