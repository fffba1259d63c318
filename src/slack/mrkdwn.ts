import { cut } from '../domain/text';
/** Slack's own escaping: only these three, so `<!channel>` typed by a user pings no one. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const mention = (user: string | null | undefined): string => (user ? `<@${user}>` : '_nobody_');
export const channelLink = (channelId: string): string => `<#${channelId}>`;

/** Escapes user text for mrkdwn and fits it in `max` characters. */
export function safeText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
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
