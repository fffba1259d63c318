import type { WebClient } from '@slack/web-api';

/**
 * Resolves `#name` from the policy file to a channel ID once and remembers it; IDs
 * pass through untouched.
 */
export class ChannelDirectory {
  private readonly cache = new Map<string, string>();
  constructor(private readonly client: WebClient) {}

  async resolve(ref: string): Promise<string | undefined> {
    if (!ref.startsWith('#')) return ref;
    const name = ref.slice(1);
    const hit = this.cache.get(name);
    if (hit) return hit;
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 200,
        cursor,
      });
      for (const c of page.channels ?? []) if (c.name && c.id) this.cache.set(c.name, c.id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && !this.cache.has(name));
    return this.cache.get(name);
  }
}
