import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema';
import type { RepositoryFactories } from '../../kernel/db/unit-of-work';
import type { DisabledWebhooks, WebhookRepositories } from './webhooks.ports';
import type { WebhookTables } from './webhooks.tables';

export class PgDisabledWebhooks implements DisabledWebhooks {
  private readonly db: Kysely<DB & WebhookTables>;

  constructor(db: Kysely<DB> | Transaction<DB>) {
    this.db = db.withTables<WebhookTables>();
  }

  async isDisabled(name: string, policyHash: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('webhook_endpoint_disabled')
      .select('name')
      .where('name', '=', name)
      .where('policy_hash', '=', policyHash)
      .executeTakeFirst();
    return row !== undefined;
  }

  async disable(name: string, policyHash: string, reason: string, at: Date): Promise<boolean> {
    // Two replicas getting a 410 at once: one of them writes (and logs), the other finds it written.
    const row = await this.db
      .insertInto('webhook_endpoint_disabled')
      .values({ name, policy_hash: policyHash, reason, disabled_at: at })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ policy_hash: policyHash, reason, disabled_at: at })
          .where(sql<boolean>`webhook_endpoint_disabled.policy_hash <> excluded.policy_hash`),
      )
      .returning('name')
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** Built by the unit of work on each connection and transaction (main.ts passes this). */
export const webhookRepositories: RepositoryFactories<WebhookRepositories> = {
  disabledWebhooks: (db) => new PgDisabledWebhooks(db),
};
