import { type Kysely, sql } from 'kysely';
import type { BucketSpec, RateBuckets } from '../rate-buckets.ports';
import type { DB } from './schema';

/** The buckets in `slack_rate_buckets`; taking is migration 0019's `slack_take_token`, one atomic statement. */
export class PgRateBuckets implements RateBuckets {
  constructor(private readonly db: Kysely<DB>) {}

  async take(buckets: readonly BucketSpec[], at: Date): Promise<number> {
    const col = <K extends keyof BucketSpec>(k: K) => buckets.map((b) => b[k]);
    const { rows } = await sql<{ wait: number }>`select slack_take_token(
        ${col('key')}::text[], ${col('capacity')}::float8[], ${col('perMs')}::float8[], ${col('reserve')}::float8[],
        ${at}::timestamptz) as wait`.execute(this.db);
    return Number(rows[0].wait);
  }

  async drain(buckets: readonly BucketSpec[], until: Date): Promise<void> {
    await sql`insert into slack_rate_buckets as b (key, tokens, updated_at, drained_until)
      select k, 1 + r, ${until}::timestamptz, ${until}::timestamptz
      from unnest(${buckets.map((b) => b.key)}::text[], ${buckets.map((b) => b.reserve)}::float8[]) as u(k, r)
      on conflict (key) do update set tokens = excluded.tokens, updated_at = greatest(b.updated_at, excluded.updated_at),
        drained_until = greatest(b.drained_until, excluded.drained_until)`.execute(this.db);
  }
}
