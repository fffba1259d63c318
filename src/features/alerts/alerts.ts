import { createHash } from 'node:crypto';
import { type AlertGroup, type AlertSource, alertDraft, alertTimelineText } from '../../domain/alerts';
import type { Policy } from '../../domain/policy';
import type { Clock } from '../../kernel/clock';
import type { Logger } from '../../kernel/log';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { Repositories, UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { TimelineRepositories } from '../timeline/timeline.ports';
import type { AlertRepositories, DeclareForAlert } from './alerts.ports';

export interface AlertsDeps {
  uow: UnitOfWork<AlertRepositories & TimelineRepositories>;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  log: Logger;
  botUserId: string;
  declareForAlert: DeclareForAlert;
}

/**
 * What a delivery did. `duplicate`: the sender sent it before; `failed`: nothing was recorded and the sender
 * should try again (a 5xx makes Alertmanager retry).
 */
export type Received =
  | { kind: 'duplicate' | 'attached' | 'declared' | 'prompted' | 'ignored' }
  | { kind: 'failed'; error: string };

/** A group's key as stored: its digest, so a long Alertmanager route key fits an index. */
export const groupDigest = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * A delivery known by a digest of its body, not an id of its own: Alertmanager's retries of one notification
 * end within its group_interval (5 minutes by default), while a later notification of an unchanged group
 * (repeat_interval, 4 hours by default) is the same bytes again. Past this, the same body is news.
 */
export const DIGEST_DEDUP_MS = 10 * 60_000;

/** How a delivery is known: a sender's id is kept for good; a body digest for DIGEST_DEDUP_MS. */
export type Delivery = { id: string } | { digest: string };

const deliveryKey = (d: Delivery): string => ('id' in d ? `id:${d.id}` : d.digest);
const forgetAfter = (d: Delivery): number | null => ('id' in d ? null : DIGEST_DEDUP_MS);

const DECLARE_ATTEMPTS = 3;

/**
 * One delivery from a source, handled once (`delivery`: its webhook-id, or its body's digest). An incident
 * already open for the group gets a timeline entry, and on resolution the channel is told; otherwise the
 * source's `declare` decides: declare now, ask in the announcement channel, or nothing.
 */
export async function receiveAlerts(
  deps: AlertsDeps,
  source: AlertSource,
  group: AlertGroup,
  delivery: Delivery,
): Promise<Received> {
  const key = groupDigest(group.key);
  for (let attempt = 1; attempt <= DECLARE_ATTEMPTS; attempt++) {
    let declareKey: string;
    try {
      return await deps.uow.transaction((tx) => handleInTransaction(deps, tx, source, group, key, delivery));
    } catch (error) {
      if (!(error instanceof DeclarationNeeded)) throw error;
      declareKey = error.declareKey;
    }
    // Declared outside the transaction: the declare use case makes the channel within the request when Slack
    // answers in time. The delivery is claimed after, so a crash in between leaves it to the sender's retry,
    // which finds the declaration by its key.
    const draft = alertDraft(source, group, deps.policy.categories);
    const declared = await deps.declareForAlert({
      title: draft.title,
      summary: draft.summary,
      severity: draft.severity,
      category: draft.category,
      declarer: deps.botUserId,
      declareKey,
      alert: { origin: draft.origin, group: key },
    });
    // Another delivery of the group declared first (another replica, a sender's parallel retry): attach to it.
    if (!declared.ok && declared.error === 'alert_group_open') continue;
    if (!declared.ok) return { kind: 'failed', error: declared.error };
    await deps.uow.transaction((tx) =>
      tx.alerts.claimDelivery(source.name, deliveryKey(delivery), deps.clock.now(), forgetAfter(delivery)),
    );
    return { kind: declared.replay ? 'duplicate' : 'declared' };
  }
  return { kind: 'failed', error: 'the alert group kept changing hands' };
}

/** Thrown out of the transaction to undo its claim when the group needs an incident declared. */
class DeclarationNeeded extends Error {
  constructor(readonly declareKey: string) {
    super('the alert group needs an incident declared');
  }
}

type Tx = Repositories<AlertRepositories & TimelineRepositories>;

async function handleInTransaction(
  deps: AlertsDeps,
  tx: Tx,
  source: AlertSource,
  group: AlertGroup,
  key: string,
  delivery: Delivery,
): Promise<Received> {
  const now = deps.clock.now();
  const claim = () => tx.alerts.claimDelivery(source.name, deliveryKey(delivery), now, forgetAfter(delivery));
  await tx.alerts.lockGroup(source.name, key);
  const claimed = await claim();
  if (!claimed) return { kind: 'duplicate' };
  // The key of a declaration by this delivery in the group's current episode: the incidents of the group
  // that are over count the episodes, so once this one is over the same bytes may open the next.
  const declareKey = `alert:${source.name}:${deliveryKey(delivery)}:${await tx.alerts.pastIncidents(source.name, key)}`;
  // An automatic declaration whose delivery was not claimed yet (the process died between the two).
  if (claimed === 'first' && (await tx.incidents.findDeclared(declareKey))) return { kind: 'duplicate' };
  const open = await tx.alerts.openIncident(source.name, key);
  // Rolls the claim back: the declaration claims it once the incident exists.
  if (!open && group.status === 'firing' && source.declare === 'auto') throw new DeclarationNeeded(declareKey);
  if (open) {
    // Still a reservation waiting for its channel: nothing may point at it (a reservation Slack refuses is
    // deleted whole), so this notification is only counted as received.
    const incident = open.pending ? undefined : await tx.incidents.findById(open.id);
    if (!incident) return { kind: 'attached' };
    const origin = incident.origin ?? alertDraft(source, group, deps.policy.categories).origin;
    await tx.timeline.addNote(incident.id, deps.botUserId, alertTimelineText(group, origin), now, { key: false });
    if (group.status === 'resolved') await deps.notifier.notify(tx, { type: 'alert_resolved', incident, origin });
    return { kind: 'attached' };
  }
  if (source.declare !== 'ask') return { kind: 'ignored' };
  const lane = `alert-prompts:${source.name}`;
  const waiting = await tx.alerts.openPrompt(source.name, key);
  if (group.status === 'resolved') {
    // Resolved before anyone decided: the prompt says so and stops asking.
    if (!waiting || !(await tx.alerts.decidePrompt(waiting.id, 'resolved', null, now))) return { kind: 'ignored' };
    const prompt = { id: waiting.id, source: source.name, draft: waiting.draft };
    await deps.notifier.notify(tx, { type: 'alert_prompt_resolved', prompt, lane });
    return { kind: 'prompted' };
  }
  // One prompt per group until someone decides: repeated firings prompt nobody again.
  if (waiting) return { kind: 'ignored' };
  const draft = alertDraft(source, group, deps.policy.categories);
  const prompt = await tx.alerts.addPrompt(source.name, key, draft, now);
  await deps.notifier.notify(tx, {
    type: 'alert_prompted',
    prompt: { id: prompt.id, source: source.name, draft },
    lane,
  });
  return { kind: 'prompted' };
}
