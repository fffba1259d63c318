import type { PeopleDirectory } from '../directory.ports';

const MENTION = /<@([A-Z0-9]+)(?:\|[^>]*)?>/g;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/**
 * Slack shows a modal's field errors as plain text: the mrkdwn of a refusal
 * (`<@U…>`, `:warning:`, `*bold*`, backticks, `&lt;`) would be read raw there.
 * Mentions become the person's name, emoji codes and formatting marks go.
 */
export async function plainText(text: string, people: Pick<PeopleDirectory, 'lookup'>): Promise<string> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((m) => m[1]))];
  const names = ids.length ? await people.lookup(ids).catch(() => ({}) as Record<string, { name: string }>) : {};
  return text
    .replace(MENTION, (_m, id: string) => `@${names[id]?.name ?? id}`)
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/(^|\s):[a-z0-9_+-]+:(?=\s|$)\s?/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s.,:;!?)]|$)/g, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s.,:;!?)]|$)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/&(lt|gt|amp);/g, (m) => ENTITIES[m])
    .trim();
}

/** Every error of a `response_action: 'errors'` answer, as plain text. */
export async function plainFieldErrors(
  errors: Record<string, string>,
  people: Pick<PeopleDirectory, 'lookup'>,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(errors).map(async ([block, text]) => [block, await plainText(text, people)] as const),
  );
  return Object.fromEntries(entries);
}
