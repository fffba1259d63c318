/** Why an entry belongs to the key timeline (the short story of the incident). */
export type KeyReason = 'pin' | 'reaction' | 'shortcut' | 'note' | 'change';

export interface TimelineEntry {
  /** 'message' typed in the channel, 'note' from `/incident note`, 'change' a lifecycle change. */
  kind: 'message' | 'note' | 'change';
  /** When it happened (a message keeps its original time even when marked key later). */
  at: Date;
  /** Slack user id of the author or actor. */
  author: string;
  /** As typed (Slack mrkdwn from a person) or, for changes, a plain description. */
  text: string;
  key: boolean;
  keyReason: KeyReason | null;
  /** Slack message ts for messages; orders entries that share a timestamp. */
  slackTs: string | null;
  threadTs: string | null;
  edited: boolean;
}

/** Oldest first; ties keep a stable order so rendering is byte-for-byte repeatable. */
export function sortTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || (a.e.slackTs ?? '').localeCompare(b.e.slackTs ?? '') || a.i - b.i)
    .map(({ e }) => e);
}

export const keyTimeline = (entries: readonly TimelineEntry[]): TimelineEntry[] => sortTimeline(entries.filter((e) => e.key));
