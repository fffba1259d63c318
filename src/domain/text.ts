/**
 * The first `max` UTF-16 units of `text` (Slack's limits count those), never
 * ending in the first half of a surrogate pair: an emoji is kept whole or dropped.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
