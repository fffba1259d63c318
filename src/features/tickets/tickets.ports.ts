/**
 * A tracker (Jira Cloud, GitHub Issues) as the tickets feature sees it. Every call throws ServiceCallError
 * (src/kernel/outbound/service-call.ts) when refused or unreachable, so the outbox reads failures one way.
 */

/** What a follow-up's ticket says when it is created. */
export interface TicketDraft {
  /**
   * Unique to the follow-up (`firebreak-fu-<team>-<followup id>`), carried as a label, so a retry after a lost
   * answer finds the ticket it already made (`find`) instead of making a second one.
   */
  marker: string;
  /** The follow-up's text (cut to the tracker's limit by the adapter). */
  summary: string;
  /** Plain text, one fact per line: the incident, its channel's link, the review's, who asked for it. */
  description: string;
  /** From Slack's users.info; the adapter maps it to the tracker's user where the tracker allows. */
  ownerEmail: string | null;
  /** `YYYY-MM-DD` */
  due: string | null;
  /** `firebreak`, the incident's id label, and the policy's own. */
  labels: string[];
}

/** A ticket as Firebreak keeps it beside the follow-up. `key`: `OPS-12` or `#34`; `id`: the tracker's own id. */
export interface TicketRef {
  id: string;
  key: string;
  url: string;
}

export interface TicketState extends TicketRef {
  /** Closed or in a done status category in the tracker. */
  done: boolean;
}

export interface Tracker {
  readonly kind: 'jira' | 'github';
  /** The ticket carrying `marker`, if one was made (a create whose answer was lost). */
  find(marker: string): Promise<TicketRef | null>;
  create(draft: TicketDraft): Promise<TicketRef>;
  /** Closes the ticket (a transition to done in Jira; where none fits, a comment saying it was done in Slack). */
  close(ticket: TicketRef, comment: string): Promise<void>;
  /** Reopens a ticket marked done by mistake, where the tracker allows. */
  reopen(ticket: TicketRef, comment: string): Promise<void>;
  /** The current state of each ticket, for the reconcile pass (tickets the tracker no longer has are left out). */
  states(tickets: readonly TicketRef[]): Promise<TicketState[]>;
}

/** What an inbound tracker webhook says, once its signature is checked: a ticket that closed or reopened. */
export interface TicketEvent {
  /** The tracker's id of the ticket (Jira's issue id, GitHub's issue number as text). */
  id: string;
  key: string;
  done: boolean;
  /** Who did it in the tracker, for the timeline (display name or login). */
  actor: string | null;
}

/** One tracker's inbound webhook: `POST /hooks/tickets/<kind>`. */
export interface TicketHookReader {
  /** The request carries the policy's secret (Jira's shared secret, GitHub's `X-Hub-Signature-256`); else 401. */
  authentic(headers: Readonly<Record<string, string | undefined>>, rawBody: string, secret: string): boolean;
  /** The ticket that closed or reopened; null for anything else (a ping, an edit, a comment), answered 2xx. */
  read(body: unknown): TicketEvent | null;
}

/**
 * Where a follow-up stands with the tracker: `pending` (a notice claimed the creation, no ticket known yet),
 * `open`, `done` (closed in the tracker, or marked done in Slack and closed there), `refused` (for good).
 */
export type TicketRowState = 'pending' | 'open' | 'done' | 'refused';

export interface FollowupTicket {
  followupId: number;
  tracker: Tracker['kind'];
  /** The outbox notice that claimed the creation. */
  notice: string;
  state: TicketRowState;
  ticket: TicketRef | null;
  refused: string | null;
}

export interface FollowupTicketRepository {
  get(followupId: number): Promise<FollowupTicket | undefined>;
  /** The follow-up a tracker's ticket stands for (an inbound webhook names the ticket by the tracker's id). */
  byTicket(tracker: Tracker['kind'], ticketId: string): Promise<FollowupTicket | undefined>;
  /** `notice` takes the creation over (a row another notice left pending or refused is taken over too). */
  claim(followupId: number, tracker: Tracker['kind'], notice: string, at: Date): Promise<void>;
  /** The ticket `notice` made or found. */
  created(followupId: number, notice: string, ticket: TicketRef, at: Date): Promise<void>;
  /** The tracker refused the ticket of `notice` for good, saying `why`. */
  refused(followupId: number, notice: string, why: string): Promise<void>;
  /** Moves an open ticket to done (or a done one back to open); true when it changed. */
  settle(followupId: number, done: boolean, at: Date): Promise<boolean>;
  /** Open tickets of `tracker`, least recently synced first, and marks them synced at `at`. */
  takeOpen(tracker: Tracker['kind'], limit: number, at: Date): Promise<FollowupTicket[]>;
  /** True for the one caller that may run `tracker`'s reconcile pass now (none ran within `everyMs`). */
  claimReconcile(tracker: Tracker['kind'], now: Date, everyMs: number): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface TicketRepositories {
  followupTickets: FollowupTicketRepository;
}
