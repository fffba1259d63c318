import { cut } from '../../domain/text';
/** Slack's own escaping: only these three, so `<!channel>` typed by a user pings no one. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack has no escape for `*`, `_`, `~` and backticks: someone's `*bold*` in a
 * title would end the bold around it, or swallow the rest of the line into
 * code. Each becomes a look-alike that Slack does not parse (as jsx-slack's
 * <Escape> does inside formatting), so the text reads the same and the message
 * around it keeps its shape. Emoji codes (`:white_check_mark:`) keep their
 * underscores. Stored text is untouched: this is only how it is shown.
 */
const LOOKALIKE: Record<string, string> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };
export const neutraliseFormatting = (text: string): string =>
  text.replace(/(:[a-z0-9_+-]+:)|[*_~`]/g, (m, emoji) => emoji ?? LOOKALIKE[m]);

/** Text someone typed, for mrkdwn: no link, no ping, no formatting of its own. */
export const escapeUserText = (text: string): string => neutraliseFormatting(escapeMrkdwn(text));

export const mention = (user: string | null | undefined): string => (user ? `<@${user}>` : '_nobody_');
export const channelLink = (channelId: string): string => `<#${channelId}>`;

/** Escapes user text for mrkdwn and fits it in `max` characters. */
export function safeText(text: string, max: number): string {
  return truncate(escapeUserText(text), max);
}

/** Cuts to Slack's limit with a visible note instead of letting Slack reject the message. */
export function truncate(text: string, max: number, note = '…'): string {
  if (text.length <= max) return text;
  // Never leave half an `&amp;` behind: Slack would show it raw.
  return cut(text, max - note.length).replace(/&[a-z]{0,3}$/, '') + note;
}

export const SECTION_TEXT_MAX = 3000;
export const HEADER_TEXT_MAX = 150;
export const PLAIN_INPUT_MAX = 3000;

/** A link to a follow-up's ticket (`<url|OPS-12>`); the key is the tracker's, shown as plain text. */
export const ticketLink = (ticket: { key: string; url: string }): string =>
  `<${ticket.url.replace(/[|<>\s]/g, encodeURIComponent)}|${escapeMrkdwn(cut(ticket.key, 50))}>`;
/**
 * A time as Slack's date token: each reader sees it in their own time zone; clients that cannot render the token
 * show the UTC fallback.
 */
export const slackDate = (when: Date): string =>
  `<!date^${Math.floor(when.getTime() / 1000)}^{date_short_pretty} {time}|${when.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

/**
 * A calendar day (`YYYY-MM-DD`, a follow-up's due date) as Slack's date token. A day is not a moment: the token
 * points at noon UTC, which falls on that same day for readers from UTC-11 to UTC+11.
 */
export const slackDay = (day: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? `<!date^${Math.floor(Date.parse(`${day}T12:00:00Z`) / 1000)}^{date_short_pretty}|${day}>`
    : escapeMrkdwn(day);
