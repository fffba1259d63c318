import type { WebClient } from '@slack/web-api';
import type { PeopleDirectory } from '../app/ports';
import type { Logger } from '../log';

const TTL_MS = 60 * 60_000;

/**
 * users.info with a cache: names and time zones change rarely, and a review can
 * mention dozens of people. A lookup that fails shows the raw id rather than
 * failing the review.
 */
export class SlackPeopleDirectory implements PeopleDirectory {
  private readonly cache = new Map<string, { value: { name: string; tz: string | null }; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async notPeople(ids: readonly string[]): Promise<string[]> {
    const results = await Promise.all(
      [...new Set(ids)].map(async (id) => {
        try {
          const u = (await this.client.users.info({ user: id })).user;
          return u && !u.deleted && !u.is_bot ? null : id;
        } catch (e) {
          const code = (e as { data?: { error?: string } }).data?.error;
          if (code === 'user_not_found' || code === 'invalid_arguments') return id;
          // Slack is unreachable: do not refuse a real person for that.
          this.log.warn('users.info failed while checking a user', { user: id, error: e });
          return null;
        }
      }),
    );
    return results.filter((id): id is string => id !== null);
  }

  async lookup(ids: readonly string[]): Promise<Record<string, { name: string; tz: string | null }>> {
    const out: Record<string, { name: string; tz: string | null }> = {};
    await Promise.all(
      ids.map(async (id) => {
        const hit = this.cache.get(id);
        if (hit && hit.until > this.now()) {
          out[id] = hit.value;
          return;
        }
        try {
          const res = await this.client.users.info({ user: id });
          const u = res.user;
          const value = { name: u?.profile?.display_name || u?.real_name || u?.name || id, tz: u?.tz ?? null };
          this.cache.set(id, { value, until: this.now() + TTL_MS });
          out[id] = value;
        } catch (e) {
          this.log.warn('users.info failed; showing the raw id', { user: id, error: e });
          out[id] = { name: id, tz: null };
        }
      }),
    );
    return out;
  }
}
