import type { WebClient } from '@slack/web-api';
import type { PeopleDirectory } from '../directory.ports';
import type { Logger } from '../log';

const TTL_MS = 60 * 60_000;
/** A person stays a person for minutes: a deactivation is seen this late at worst. */
const PERSON_TTL_MS = 5 * 60_000;
/** The workspace's member list is re-read at most this often (users.list is Tier 2), and only when a name is not found in it. */
const ROSTER_FRESH_MS = 60_000;
const ROSTER_TTL_MS = 10 * 60_000;
const ROSTER_PAGE = 200;

type Person = { id: string; name: string };
const nameKey = (name: string): string => name.toLowerCase().replace(/\s+/g, '');

/**
 * users.info with a cache: names and time zones change rarely, and a review can
 * mention dozens of people. A lookup that fails shows the raw id rather than
 * failing the review.
 */
export class SlackPeopleDirectory implements PeopleDirectory {
  private readonly cache = new Map<string, { value: { name: string; tz: string | null }; until: number }>();
  /** Ids users.info lately said are active people. Only the positive answer is kept: a stranger may join any time. */
  private readonly people = new Map<string, number>();
  private roster: { byKey: Map<string, Person[]>; at: number } | null = null;

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async notPeople(ids: readonly string[]): Promise<string[]> {
    const results = await Promise.all(
      [...new Set(ids)].map(async (id) => {
        if ((this.people.get(id) ?? 0) > this.now()) return null;
        try {
          const u = (await this.client.users.info({ user: id })).user;
          if (!u || u.deleted || u.is_bot) return id;
          this.people.set(id, this.now() + PERSON_TTL_MS);
          return null;
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

  async byName(names: readonly string[]): Promise<Record<string, Person[]>> {
    if (!names.length) return {};
    let roster = this.roster && this.roster.at + ROSTER_TTL_MS > this.now() ? this.roster : await this.readRoster();
    // Someone who joined (or was renamed) since the last read is found after one more read.
    if (names.some((n) => !roster.byKey.has(nameKey(n))) && roster.at + ROSTER_FRESH_MS <= this.now())
      roster = await this.readRoster();
    return Object.fromEntries(names.map((n) => [n, roster.byKey.get(nameKey(n)) ?? []]));
  }

  /** Every active person, indexed by each name they go by; paged as users.list asks. */
  private async readRoster(): Promise<{ byKey: Map<string, Person[]>; at: number }> {
    const byKey = new Map<string, Person[]>();
    let cursor: string | undefined;
    do {
      const page = await this.client.users.list({ limit: ROSTER_PAGE, ...(cursor ? { cursor } : {}) });
      for (const u of page.members ?? []) {
        if (!u.id || u.deleted || u.is_bot || u.id === 'USLACKBOT') continue;
        const person = { id: u.id, name: u.profile?.display_name || u.real_name || u.name || u.id };
        const keys = new Set(
          [u.name, u.profile?.display_name, u.profile?.display_name_normalized, u.real_name, u.profile?.real_name]
            .filter((k): k is string => !!k)
            .map(nameKey),
        );
        for (const key of keys) byKey.set(key, [...(byKey.get(key) ?? []), person]);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    this.roster = { byKey, at: this.now() };
    return this.roster;
  }
}
