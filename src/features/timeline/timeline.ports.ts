import type { KeyReason, TimelineEntry } from '../../domain/timeline';

export interface NewTimelineMessage {
  incidentId: number;
  author: string;
  text: string;
  at: Date;
  slackTs: string;
  threadTs: string | null;
}

export type Ingested = 'recorded' | 'duplicate' | 'ignored';

export interface TimelineRepository {
  /**
   * One statement: finds the incident by channel and applies the message, edit or
   * deletion, so an event costs one round trip and is atomic by itself. A message is
   * stored once by its Slack ts; an edit or deletion claims its event id with its effect.
   * An edit or deletion that comes before its message is kept and applied when the
   * message comes; of several edits, the one with the newest `editTs` wins.
   * 'ignored' when the channel is not an incident's (nothing is claimed).
   */
  ingest(
    eventId: string,
    channelId: string,
    receivedAt: Date,
    change:
      | { kind: 'message'; author: string; text: string; at: Date; slackTs: string; threadTs: string | null }
      | { kind: 'edit'; slackTs: string; text: string; editTs: string }
      | { kind: 'delete'; slackTs: string },
  ): Promise<Ingested>;
  /** False when that Slack message is already recorded; with `key`, a recorded one not yet key is then marked key. */
  addMessage(m: NewTimelineMessage, key?: KeyReason): Promise<boolean>;
  /** Marks a recorded message key, keeping its original time; 'missing' when it was never recorded. */
  markKey(incidentId: number, slackTs: string, reason: KeyReason): Promise<'marked' | 'already' | 'missing'>;
  /**
   * `key: false`: a record kept by Firebreak (an alert's later firings), in the full timeline only and never
   * taken for a person's update by digests and announcements.
   */
  addNote(incidentId: number, author: string, text: string, at: Date, options?: { key: false }): Promise<void>;
  /** The most recent note a person wrote (updates are recorded as notes), for digests. */
  latestNote(incidentId: number): Promise<{ text: string; at: Date } | undefined>;
  /** Messages and notes, deleted ones left out, oldest first. */
  entries(incidentId: number): Promise<TimelineEntry[]>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface TimelineRepositories {
  timeline: TimelineRepository;
}
