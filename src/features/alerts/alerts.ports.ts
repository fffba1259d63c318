import type { View } from '@slack/types';
import type { AlertDraft, IncidentOrigin } from '../../domain/alerts';

/** How a prompt stops asking: an incident declared, dismissed by someone, or the alert resolved first. */
export type PromptDecision = 'declared' | 'dismissed' | 'resolved';

/** An alert prompt (declare: ask) as stored: the draft the declare form opens with. */
export interface AlertPrompt {
  id: number;
  source: string;
  group: string;
  draft: AlertDraft;
  state: 'open' | PromptDecision;
  channelId: string | null;
  messageTs: string | null;
}

/** The open incident of a group; `pending`: still a reservation waiting for its channel. */
export interface GroupIncident {
  id: number;
  pending: boolean;
}

export interface AlertRepository {
  /** Holds the group for the rest of the transaction, so deliveries of one group are handled one at a time. */
  lockGroup(source: string, group: string): Promise<void>;
  /**
   * `first` the first time a source's delivery is seen (its webhook-id or body digest); `again` when it was
   * last seen more than `forgetAfterMs` ago (null: never forgotten); false otherwise.
   */
  claimDelivery(
    source: string,
    delivery: string,
    at: Date,
    forgetAfterMs: number | null,
  ): Promise<'first' | 'again' | false>;
  openIncident(source: string, group: string): Promise<GroupIncident | undefined>;
  /** How many of the group's incidents are over (resolved, closed, cancelled). */
  pastIncidents(source: string, group: string): Promise<number>;
  /** The group's undecided prompt; prompts whose incident was since declared from the form are settled first. */
  openPrompt(source: string, group: string): Promise<AlertPrompt | undefined>;
  addPrompt(source: string, group: string, draft: AlertDraft, at: Date): Promise<AlertPrompt>;
  /** A prompt whose incident was since declared from its form reads as `declared`, settled or not. */
  findPrompt(id: number): Promise<AlertPrompt | undefined>;
  /** Records where the prompt was posted, for its redraw. */
  setPromptMessage(id: number, channelId: string, ts: string): Promise<void>;
  /** Open → `state` (`by`: who decided, null when the alert resolved); false when it was decided already. */
  decidePrompt(id: number, state: PromptDecision, by: string | null, at: Date): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface AlertRepositories {
  alerts: AlertRepository;
}

/** What declaring for an alert group needs of the incidents feature (its declare use case, wired by main.ts). */
export interface AlertDeclaration extends Omit<AlertDraft, 'origin'> {
  declarer: string;
  declareKey: string;
  alert: { origin: IncidentOrigin; group: string };
}
export type DeclareForAlert = (
  input: AlertDeclaration,
) => Promise<{ ok: true; replay: boolean } | { ok: false; error: string }>;

/** The declare form opened prefilled from a prompt (the incidents feature's modal, wired by main.ts). */
export type AlertDeclareForm = (
  draft: AlertDraft,
  declarer: string,
  alert: { origin: IncidentOrigin; group: string },
) => View;
