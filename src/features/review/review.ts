import type { Incident } from '../../domain/incident';
import { severityPolicyOf } from '../../domain/incident-types';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import {
  type ActionItem,
  emptyAnswers,
  followupKey,
  newActionItems,
  parseActionItems,
  type ReviewAnswers,
  type ReviewData,
  unansweredRequired,
} from '../../domain/review';
import { renderReviewDocument } from '../../domain/review-document';
import { fullTimeline } from '../../domain/timeline';
import type { Clock } from '../../kernel/clock';
import type { PeopleDirectory } from '../../kernel/directory.ports';
import { isOneOfItsPeople, participantsNow } from '../../kernel/incident/query-incidents';
import { claimRequest } from '../../kernel/incident/requests';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';
import type { ReviewRefusal } from './review.refusals';

export interface ReviewDeps {
  uow: UnitOfWork<RemindersNeed & FeedbackRepositories>;
  clock: Clock;
  notifier: Notifier;
  people: PeopleDirectory;
  policy: Policy;
  reminderSync: ReminderSync;
}

const REVIEWABLE = new Set(['resolved', 'closed']);

export interface ReviewForm {
  incident: Incident;
  answers: ReviewAnswers;
  status: 'new' | 'draft' | 'submitted';
}

/** What the review modal opens with: the last saved answers, or what the incident already says. */
export async function reviewForm(
  uow: UnitOfWork<RemindersNeed & FeedbackRepositories>,
  where: { channelId: string } | { number: number },
  viewer: string,
): Promise<Result<ReviewForm, ReviewRefusal>> {
  const incident =
    'channelId' in where
      ? await uow.incidents.findByChannel(where.channelId)
      : await uow.incidents.findByNumber(where.number);
  if (!incident) return err({ kind: 'not_incident_channel' });
  // The number can come from a modal's private_metadata, which a client can change.
  if (!(await isOneOfItsPeople(uow, incident, viewer))) return err({ kind: 'not_visible' });
  if (!REVIEWABLE.has(incident.status)) return err({ kind: 'review_too_early', status: incident.status });
  const saved = await uow.reviews.get(incident.id);
  if (saved) return ok({ incident, answers: saved.answers, status: saved.status });
  return ok({ incident, answers: { ...emptyAnswers(), summary: incident.summary }, status: 'new' });
}

/** Mentions inside text (`<@U123>`), so the document can show names instead of ids. */
const mentioned = (text: string): string[] => [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]);

async function reviewData(
  deps: { uow: Repositories<RemindersNeed & FeedbackRepositories>; people: PeopleDirectory; policy: Policy },
  incident: Incident,
  answers: ReviewAnswers,
  actionItems: ActionItem[],
): Promise<ReviewData> {
  const { uow } = deps;
  const [entries, events, participants, answered, followups] = await Promise.all([
    uow.timeline.entries(incident.id),
    uow.incidents.events(incident.id),
    participantsNow(uow, incident),
    uow.feedback.answers(incident.id),
    uow.followups.forIncident(incident.id),
  ]);
  // Each action item shows the ticket of the follow-up it became (matched as the follow-ups are: case and spaces aside).
  const tickets = new Map(followups.flatMap((f) => (f.ticket ? [[followupKey(f.text), f.ticket] as const] : [])));
  const feedback = answered.map(({ user, rating, change }) => ({ user, rating, change }));
  const timeline = fullTimeline(entries, events);
  const ids = new Set<string>([
    incident.declaredBy,
    ...participants,
    ...Object.values(incident.roles).filter((r): r is string => !!r),
  ]);
  for (const e of timeline) {
    ids.add(e.author);
    for (const id of mentioned(e.text)) ids.add(id);
  }
  for (const item of actionItems) if (item.owner) ids.add(item.owner);
  for (const f of feedback) ids.add(f.user);
  for (const answer of Object.values(answers)) for (const id of mentioned(answer)) ids.add(id);
  return {
    incident,
    closedAt: incident.closedAt,
    events,
    timeline,
    participants,
    answers,
    actionItems: actionItems.map((item) => {
      const ticket = tickets.get(followupKey(item.text));
      return ticket ? { ...item, ticket } : item;
    }),
    people: await deps.people.lookup([...ids].sort()),
    updateEvery: severityPolicyOf(deps.policy, incident)?.updateEvery ?? null,
    feedback,
  };
}

/**
 * Saves the answers; unless it is a draft, renders the document from them and the
 * recorded data, stores both and turns the action items into follow-ups, in one
 * transaction, then hands the document to the notifier for posting.
 */
export async function saveReview(
  deps: ReviewDeps,
  params: { incidentNumber: number; answers: ReviewAnswers; actor: string; draft: boolean; requestKey?: string },
): Promise<Result<{ incident: Incident; document: string | null }, ReviewRefusal>> {
  const form = await reviewForm(deps.uow, { number: params.incidentNumber }, params.actor);
  if (!form.ok) return form;
  const { incident } = form.value;
  const items = parseActionItems(params.answers.actionItems);
  if (!items.ok) return err({ kind: 'bad_action_item', ...items.error });
  const now = deps.clock.now();
  if (params.draft) {
    // A published review's answers are what its document is rendered from (again when feedback
    // arrives after the close): a draft saved over them would change what was published.
    if (form.value.status === 'submitted') return err({ kind: 'review_published' });
    const saved = await deps.uow.reviews.saveDraft({
      incidentId: incident.id,
      answers: params.answers,
      updatedBy: params.actor,
      updatedAt: now,
    });
    if (!saved) return err({ kind: 'review_published' });
    return ok({ incident, document: null });
  }
  const missing = severityPolicyOf(deps.policy, incident)?.reviewRequired ? unansweredRequired(params.answers) : [];
  if (missing.length) return err({ kind: 'review_incomplete', missing, severity: incident.severity! });
  const owned = await resolveOwners(deps.people, items.value);
  if (!owned.ok) return owned;
  const document = renderReviewDocument(await reviewData(deps, incident, params.answers, owned.value));
  const fresh = await deps.uow.transaction(async (tx) => {
    if (!(await claimRequest(tx, params.requestKey, now))) return false;
    // Publishes and follow-ups of one incident take turns, so each sees the follow-ups the ones before it added.
    await tx.incidents.findByChannel(incident.channelId, { forUpdate: true });
    await tx.reviews.save({
      incidentId: incident.id,
      answers: params.answers,
      status: 'submitted',
      document,
      updatedBy: params.actor,
      updatedAt: now,
      submittedAt: now,
      filePermalink: null,
    });
    const existing = (await tx.followups.forIncident(incident.id)).map((f) => f.text);
    for (const item of newActionItems(owned.value, existing)) {
      const added = await tx.followups.add({
        incidentId: incident.id,
        text: item.text,
        owner: item.owner,
        due: item.due,
        source: 'review',
        createdBy: params.actor,
        createdAt: now,
      });
      if (added) await deps.reminderSync.followup(tx, incident, added);
      // Its owner learns of it by DM, as with /incident followup; the channel has the review. One
      // without an owner owes Slack nothing (no steps), but other tools hear of it (webhooks).
      if (added)
        await deps.notifier.notify(tx, {
          type: 'followup_added',
          incident,
          followup: added,
          actor: params.actor,
          ownerOnly: true,
        });
    }
    await deps.reminderSync.incident(tx, incident);
    await deps.notifier.notify(tx, {
      type: 'review_submitted',
      incident,
      document,
      actor: params.actor,
      actionItems: owned.value.length,
    });
    return true;
  });
  if (!fresh) return err({ kind: 'duplicate_request' });
  return ok({ incident, document });
}

/**
 * Owners typed as `@name` become the one active person of that name; a name that
 * matches nobody, or several people, is refused with the names it could be.
 */
async function resolveOwners(
  people: PeopleDirectory,
  items: ActionItem[],
): Promise<Result<ActionItem[], ReviewRefusal>> {
  const names = [...new Set(items.flatMap((i) => (!i.owner && i.ownerName ? [i.ownerName] : [])))];
  if (!names.length) return ok(items);
  const found = await people.byName(names);
  const unknown = names.filter((n) => !found[n]?.length);
  const ambiguous = names
    .filter((n) => found[n]?.length > 1)
    .map((n) => ({ name: n, matches: found[n].map((m) => m.name) }));
  if (unknown.length || ambiguous.length) return err({ kind: 'unknown_owners', unknown, ambiguous });
  return ok(
    items.map((item) => (!item.owner && item.ownerName ? { ...item, owner: found[item.ownerName][0].id } : item)),
  );
}

/**
 * Feedback keeps arriving after the close, when the channel is archived and the
 * review can no longer be published there again: the stored document (what
 * `npm run review` prints) is rendered again so its appendix carries every answer.
 * Nothing is posted. False when there is no published review to refresh.
 */
export async function refreshReviewDocument(
  deps: Pick<ReviewDeps, 'uow' | 'people' | 'policy'>,
  incident: Incident,
): Promise<boolean> {
  return deps.uow.transaction(async (tx) => {
    // Two answers arriving together must not each store a document that lacks the other's:
    // refreshes of one incident take turns, and each reads what the ones before it committed.
    await tx.incidents.findByChannel(incident.channelId, { forUpdate: true });
    const published = await tx.reviews.get(incident.id);
    if (published?.status !== 'submitted') return false;
    const items = parseActionItems(published.answers.actionItems);
    // A name that no longer resolves (someone renamed since) is shown as it was typed.
    const owned = items.ok ? await resolveOwners(deps.people, items.value).catch(() => items) : items;
    const actionItems = owned.ok ? owned.value : items.ok ? items.value : [];
    const document = renderReviewDocument(
      await reviewData({ ...deps, uow: tx }, incident, published.answers, actionItems),
    );
    if (document === published.document) return false;
    await tx.reviews.save({ ...published, document });
    return true;
  });
}
