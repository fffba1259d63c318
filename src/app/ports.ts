import type { Incident } from '../domain/incident';
import type { IncidentEvent } from '../domain/incident-event';
import type { OfferedGuide, StepTick } from '../domain/recovery';
import type { ReminderKind, ReminderState } from '../domain/reminders';
import type { Result } from '../domain/result';
import type { ReviewAnswers } from '../domain/review';
import type { Severity } from '../domain/severity';
import type { IncidentStats, StatsQuery } from '../domain/stats';
import type { KeyReason, TimelineEntry } from '../domain/timeline';
import type { Ties } from '../domain/visibility';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NewIncident {
  number: number;
  title: string;
  summary: string;
  severity: Severity | null;
  category: string | null;
  isPrivate: boolean;
  commander: string | null;
  declaredBy: string;
  declaredAt: Date;
  channelId: string;
  channelName: string;
  /** Slack's view id of the declare modal: a replayed submission finds the incident it already made. */
  declareKey: string | null;
  isDrill?: boolean;
  drillPlan?: string | null;
}

/** An incident recorded before its channel exists (see migrations/0007). */
export interface Reservation extends Omit<NewIncident, 'channelId' | 'channelName'> {
  reply: ReplyTarget;
  /** Until then the declaring request is still trying; the worker waits. */
  channelDueAt: Date;
}

/** A reservation whose channel is owed; `claim` fences the worker holding it (null in the declaring request). */
export interface PendingChannel extends Reservation {
  id: number;
  attempts: number;
  claim: string | null;
}

/** Bound to one transaction when handed out by {@link UnitOfWork.run}. */
export interface IncidentRepository {
  nextNumber(): Promise<number>;
  cadence(incidentId: number): Promise<IncidentCadence>;
  /** Incidents with their cadence and review status, for many reminders in one query; channel-less reservations left out. */
  reminderFacts(incidentIds: number[]): Promise<Map<number, IncidentFacts>>;
  recordUpdate(incidentId: number, at: Date, nextDue: Date): Promise<void>;
  /** Records that Slack no longer has the incident's channel; false when it was recorded already. */
  markChannelGone(incidentId: number, at: Date): Promise<boolean>;
  setCommanderPresent(incidentId: number, present: boolean): Promise<void>;
  subscribe(incidentId: number, user: string, at: Date): Promise<boolean>;
  unsubscribe(incidentId: number, user: string): Promise<boolean>;
  subscribers(incidentId: number): Promise<string[]>;
  /** Lifecycle changes, oldest first. */
  events(incidentId: number): Promise<IncidentEvent[]>;
  /** Returns 'duplicate' when an incident with the same declareKey exists. */
  insert(draft: NewIncident): Promise<Incident | 'duplicate'>;
  /** Records an incident with no channel yet; 'duplicate' when its declareKey was seen. */
  reserve(r: Reservation): Promise<PendingChannel | 'duplicate'>;
  /** The incident a declare request made, or the reservation still waiting for its channel. */
  findDeclared(declareKey: string): Promise<{ incident: Incident } | { pending: PendingChannel } | undefined>;
  /** Gives a reservation its channel; undefined when the claim was lost or it already has one. */
  attachChannel(p: PendingChannel, channel: { id: string; name: string }): Promise<Incident | undefined>;
  /** Reservations whose channel is due, each claimed for `leaseMs`. */
  claimPendingChannels(now: Date, leaseMs: number, limit: number): Promise<PendingChannel[]>;
  /** Puts a claimed reservation back until `due`; false when the claim was lost. */
  deferChannel(p: PendingChannel, due: Date): Promise<boolean>;
  /** Drops a reservation Slack refused for good: nothing of it remains, its number stays burned. */
  discardReservation(p: PendingChannel): Promise<boolean>;
  pendingChannelsDueBy(now: Date): Promise<number>;
  findByChannel(channelId: string, opts?: { forUpdate?: boolean }): Promise<Incident | undefined>;
  findByNumber(number: number): Promise<Incident | undefined>;
  findById(id: number): Promise<Incident | undefined>;
  findByDeclareKey(key: string): Promise<Incident | undefined>;
  update(incident: Incident): Promise<void>;
  listOpen(): Promise<Incident[]>;
  /** Closed incidents, the most recently closed first; `offset` pages on. */
  listClosed(limit: number, offset: number): Promise<Incident[]>;
  /** `before`/`after`: the incident around the change, for the audit log. */
  addEvent(
    incidentId: number,
    event: IncidentEvent,
    audit?: { before: Incident | null; after: Incident },
  ): Promise<void>;
  /** Every recorded change with its before and after state, oldest first. */
  auditLog(incidentId: number): Promise<AuditEntry[]>;
  addParticipants(incidentId: number, users: string[], at: Date): Promise<void>;
  setHeaderTs(incidentId: number, ts: string): Promise<void>;
  /** The Slack messages kept up to date outside the header: the announcement and the open update nudge. */
  slackMessages(incidentId: number): Promise<IncidentMessages>;
  setAnnouncement(incidentId: number, channel: string, ts: string): Promise<void>;
  setUpdateNudgeTs(incidentId: number, ts: string | null): Promise<void>;
}

export interface IncidentMessages {
  announcement: { channel: string; ts: string } | null;
  updateNudgeTs: string | null;
}

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
  addNote(incidentId: number, author: string, text: string, at: Date): Promise<void>;
  /** The most recent note (updates are recorded as notes), for digests. */
  latestNote(incidentId: number): Promise<{ text: string; at: Date } | undefined>;
  /** Messages and notes, deleted ones left out, oldest first. */
  entries(incidentId: number): Promise<TimelineEntry[]>;
}

export interface ProcessedEvents {
  /** True the first time an event id is seen; call inside the transaction that applies the event. */
  claim(eventId: string, at: Date): Promise<boolean>;
}

export interface StoredReview {
  incidentId: number;
  answers: ReviewAnswers;
  status: 'draft' | 'submitted';
  document: string | null;
  updatedBy: string;
  updatedAt: Date;
  submittedAt: Date | null;
  filePermalink: string | null;
}

export interface ReviewRepository {
  get(incidentId: number): Promise<StoredReview | undefined>;
  save(review: StoredReview): Promise<void>;
  /** Saves answers as a draft unless the review is published; false (and nothing written) if it is. */
  saveDraft(review: {
    incidentId: number;
    answers: ReviewAnswers;
    updatedBy: string;
    updatedAt: Date;
  }): Promise<boolean>;
  setFile(incidentId: number, fileId: string, permalink: string | null): Promise<void>;
  /** The upload in flight: `key` names the delivery step that asked Slack for `fileId`. */
  startUpload(incidentId: number, key: string, fileId: string): Promise<void>;
  upload(incidentId: number): Promise<{ key: string; fileId: string } | undefined>;
}

export interface Followup {
  id: number;
  incidentId: number;
  text: string;
  owner: string | null;
  due: string | null;
  status: 'open' | 'done';
  source: 'command' | 'review';
  createdBy: string;
  createdAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
}

export interface FollowupRepository {
  add(f: Omit<Followup, 'id' | 'status' | 'doneBy' | 'doneAt'>): Promise<Followup | undefined>;
  forIncident(incidentId: number): Promise<Followup[]>;
  get(id: number): Promise<Followup | undefined>;
  getMany(ids: number[]): Promise<Map<number, Followup>>;
  markDone(id: number, user: string, at: Date): Promise<Followup | undefined>;
  openWithDue(incidentId: number): Promise<Followup[]>;
  /** Open follow-ups owned by `user` across incidents, soonest due first (undated last). */
  openOwnedBy(user: string): Promise<Followup[]>;
}

/** A due reminder, row-locked by the transaction that claimed it until that transaction ends. */
export interface ClaimedReminder {
  id: number;
  incidentId: number;
  followupId: number | null;
  kind: ReminderKind;
  state: ReminderState;
}

/** How a claim ends: `fired` is the new state when a notice was owed; `due` null deactivates the reminder. */
export interface ReminderFiring {
  reminderId: number;
  due: Date | null;
  fired: ReminderState | null;
}

export interface ReminderRepository {
  /** Creates, reschedules or deactivates (due = null) one reminder. */
  sync(incidentId: number, followupId: number | null, kind: ReminderKind, due: Date | null): Promise<void>;
  /** Locks up to `limit` due reminders for the caller's transaction, skipping those another one holds. */
  claimDue(now: Date, limit: number): Promise<ClaimedReminder[]>;
  /** Records how each claim of a batch ended, in one statement. */
  record(firings: ReminderFiring[]): Promise<void>;
  /** Whether the reminder still exists: a reminder notice is not delivered once it ended. */
  isActive(reminderId: number): Promise<boolean>;
  /** Ends a reminder Slack can never deliver (its channel or recipient is gone). */
  stop(reminderId: number): Promise<void>;
  humanUpdate(incidentId: number): Promise<void>;
  snooze(incidentId: number, until: Date): Promise<void>;
  /** The incident-level reminders' firing state, by kind; a kind never created is absent. */
  states(incidentId: number): Promise<Partial<Record<ReminderKind, ReminderState>>>;
  /** `sync` for several incident-level reminders of one incident, in one statement. */
  syncIncident(incidentId: number, dues: { kind: ReminderKind; due: Date | null }[]): Promise<void>;
}

export interface AuditEntry {
  kind: string;
  actor: string;
  at: Date;
  data: unknown;
  before: unknown;
  after: unknown;
}

export interface IncidentCadence {
  lastUpdateAt: Date | null;
  nextUpdateDue: Date | null;
  commanderPresent: boolean;
}

export interface IncidentFacts extends IncidentCadence {
  incident: Incident;
  reviewSubmitted: boolean;
}

export interface ClaimedNotice {
  id: number;
  /** One incident's (or drill plan's) notices, delivered in order. */
  lane: string;
  /** null when the stored row cannot be read back as a notice (`undecodable` says why). */
  notice: Notice | null;
  undecodable?: string;
  /** When the step at hand was first tried, by the database's wall clock (the one Slack's timestamps follow). */
  since: Date;
  /** Steps of this notice already delivered. */
  step: number;
  /** Claims so far. */
  attempts: number;
  /**
   * An earlier attempt may have done more than `step` says: it timed out, got a
   * 5xx or died holding the claim. Not after a 429, which Slack refuses unprocessed.
   */
  unsure: boolean;
  claimToken: string;
}

export interface OutboxRepository {
  enqueue(notice: Notice, at: Date): Promise<void>;
  claim(now: Date, leaseMs: number, limit: number): Promise<ClaimedNotice[]>;
  /** Records progress and extends the lease to `leaseUntil`; false when the claim was lost (lease expired and another replica took it). */
  advance(n: ClaimedNotice, step: number, leaseUntil: Date, error?: string): Promise<boolean>;
  finish(n: ClaimedNotice, at: Date): Promise<void>;
  /** `clean`: the failed attempt surely changed nothing in Slack (see ClaimedNotice.unsure). */
  retryAt(n: ClaimedNotice, due: Date, error: string, clean: boolean): Promise<void>;
  /** Sets the notice aside for good: it no longer holds up its lane. */
  deadLetter(n: ClaimedNotice, at: Date, error: string): Promise<void>;
  pendingDueBy(now: Date): Promise<number>;
}

export interface RecoveryChecklist {
  incidentId: number;
  guide: OfferedGuide;
  messageTs: string | null;
  ticks: StepTick[];
}

export interface RecoveryRepository {
  /** False when the incident was already offered a guide: it is offered once. */
  offer(incidentId: number, guide: OfferedGuide, at: Date): Promise<boolean>;
  get(incidentId: number): Promise<RecoveryChecklist | undefined>;
  setMessageTs(incidentId: number, ts: string): Promise<void>;
  /** The tick as stored: someone else's earlier tick when the step was already done. */
  tick(incidentId: number, tick: StepTick): Promise<{ tick: StepTick; fresh: boolean }>;
}

export interface DrillScheduleState {
  plan: string;
  firstSeenAt: Date;
  remindedSlot: Date | null;
  /** Declared time of the plan's latest drill. */
  lastDrillAt: Date | null;
}

export interface DrillScheduleRepository {
  /** Starts the clock of plans seen for the first time; returns every plan's state. */
  observe(plans: string[], at: Date): Promise<DrillScheduleState[]>;
  /** The claim: false when this period (or a later one) was already taken by someone. */
  claimSlot(plan: string, slot: Date): Promise<boolean>;
}

export interface FeedbackAnswer {
  user: string;
  rating: number;
  change: string | null;
  answeredAt: Date;
}

export interface FeedbackRepository {
  /** Records the ask; returns the users asked for the first time (a second close asks nobody again). */
  request(incidentId: number, users: string[], at: Date): Promise<string[]>;
  /** Whether that user was asked about that incident (answered or not). */
  asked(incidentId: number, user: string): Promise<boolean>;
  /** False when that user was never asked about that incident. */
  answer(incidentId: number, user: string, rating: number, change: string | null, at: Date): Promise<boolean>;
  /** Answered rows, oldest answer first. */
  answers(incidentId: number): Promise<FeedbackAnswer[]>;
}

/** Who is tied to each incident, and how: the facts src/domain/visibility.ts decides from. */
export interface MembershipRepository {
  /** A membership event for an incident's channel; false when the channel is no incident's or a newer event already moved them. */
  record(channelId: string, user: string, inChannel: boolean, eventTs: string): Promise<boolean>;
  /** Someone pinned a message of the incident's channel or marked it with :pushpin: (kept once per person). */
  recordMarker(incidentId: number, user: string, at: Date): Promise<void>;
  /** Every incident asked for is in the map, with empty ties when nobody is known. */
  ties(incidentIds: number[]): Promise<Map<number, Ties>>;
}

export interface Repositories {
  members: MembershipRepository;
  drills: DrillScheduleRepository;
  recovery: RecoveryRepository;
  feedback: FeedbackRepository;
  outbox: OutboxRepository;
  reminders: ReminderRepository;
  incidents: IncidentRepository;
  timeline: TimelineRepository;
  processedEvents: ProcessedEvents;
  reviews: ReviewRepository;
  followups: FollowupRepository;
}

/** Repositories for reads, and one transaction at the edge of each use case for writes. */
export interface UnitOfWork extends Repositories {
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

export type ChannelFailure =
  | { kind: 'name_taken' }
  /** `transient`: Slack was busy or unreachable (worth trying later); `retryAfterMs` when it said how long. */
  | { kind: 'failed'; error: string; transient: boolean; retryAfterMs?: number };

/** Slack calls whose answer the flow itself needs (as opposed to notices sent after a commit). */
export interface ChannelGateway {
  createChannel(name: string, isPrivate: boolean): Promise<Result<{ id: string; name: string }, ChannelFailure>>;
  /**
   * A channel of that name this bot created, if any: a create whose answer was
   * lost (timeout, crash) may have made it, and a retry must adopt it, not add a second.
   */
  findOwnChannel(name: string): Promise<{ id: string; name: string } | undefined>;
  /** Best effort: used to take back a channel whose incident could not be saved. */
  archiveChannel(channelId: string): Promise<void>;
}

/** Where a command came from, so confirmations reach the person who asked. */
export interface ReplyTarget {
  user: string;
  channelId?: string;
  responseUrl?: string;
}

/** Whether someone counts as an admin (the policy's users or user group). */
export interface AdminDirectory {
  isAdmin(user: string): Promise<boolean>;
}

/** Names and time zones for the review document; unknown people come back as their id. */
export interface PeopleDirectory {
  lookup(ids: readonly string[]): Promise<Record<string, { name: string; tz: string | null }>>;
  /** The ids that are not active people of this workspace (unknown, deactivated or bots). */
  notPeople(ids: readonly string[]): Promise<string[]>;
  /**
   * The active people each typed name (`bob` for `@bob`) may mean: matched on the
   * username, display name or full name, case and spaces aside. Keys are the names as given.
   */
  byName(names: readonly string[]): Promise<Record<string, { id: string; name: string }[]>>;
}

type ReservedIncident = Pick<Incident, 'id' | 'number' | 'title' | 'isPrivate'>;

export type Notice =
  | { type: 'declared'; incident: Incident; reply: ReplyTarget }
  /** The declarer is told the incident is logged and its channel is on its way. */
  | { type: 'declare_pending'; incident: ReservedIncident; channelName: string; reply: ReplyTarget }
  /** Slack refused the channel for good after the declarer was told it was pending. */
  | { type: 'declare_failed'; incident: ReservedIncident; error: string; reply: ReplyTarget }
  | { type: 'changed'; incident: Incident; before: Incident; event: IncidentEvent }
  | { type: 'review_submitted'; incident: Incident; document: string; actor: string; actionItems: number }
  | { type: 'recovery_offered'; incident: Incident; guide: OfferedGuide }
  /** Redraws the checklist message from the stored ticks. */
  | { type: 'step_ticked'; incident: Incident }
  | { type: 'drill_due'; plan: { id: string; title: string }; owners: string[]; lastDrillAt: Date | null; due: Date }
  | { type: 'feedback_requested'; incident: Incident; users: string[] }
  | {
      type: 'update_posted';
      incident: Incident;
      text: string;
      actor: string;
      nextUpdateDue: Date;
      subscribers: string[];
    }
  /** `toStakeholders`: the next digest will carry it, so the channel is told. */
  | { type: 'note_added'; incident: Incident; text: string; actor: string; toStakeholders: boolean }
  /**
   * Posted in the channel; its owner, if any, gets a DM with a Done button. `ownerOnly`:
   * an action item of a published review, which the channel sees in the review itself.
   */
  | {
      type: 'followup_added';
      incident: Incident;
      followup: Pick<Followup, 'id' | 'text' | 'owner' | 'due'>;
      actor: string;
      ownerOnly?: boolean;
    }
  /** A pin or :pushpin: made a message key: the bot confirms it on the message. */
  | { type: 'key_marked'; incident: Incident; ts: string }
  | ReminderNotice;

/**
 * A reminder fired: what it owes Slack, decided when it fired. Who may still see a
 * private incident is decided at delivery, as is whether the reminder still stands.
 */
export interface ReminderNotice {
  type: 'reminder_fired';
  incident: Incident;
  reminder: { id: number; kind: ReminderKind; firedAt: Date; escalate: boolean };
  /** Who it DMs, if anyone: a follow-up's owner, or the commander for escalations and review nudges. */
  dm: string | null;
  followup: { text: string; due: string } | null;
  /** Digests: who subscribed by DM, and the last human update. */
  subscribers: string[];
  latestUpdate: { text: string; at: Date } | null;
  nextUpdateDue: Date | null;
  lastUpdateAt: Date | null;
}

/**
 * Every Slack side effect that follows a state change leaves through here, written
 * in the same transaction as the change (an outbox) and delivered after it commits.
 */
export interface Notifier {
  notify(tx: Repositories, notice: Notice): Promise<void>;
}

/** The figures of `/incident stats`, computed by the database (see src/domain/stats.ts for what each one means). */
export type StatsReader = (q: StatsQuery) => Promise<IncidentStats>;
