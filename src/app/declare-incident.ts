import { channelName } from '../domain/slug';
import type { Incident } from '../domain/incident';
import { err, ok, type Result } from '../domain/result';
import type { Severity } from '../domain/severity';
import type { Policy } from '../domain/policy';
import { offerRecoveryGuide } from './recovery';
import { syncReminders } from './reminders';
import type { ChannelGateway, Clock, Notifier, ReplyTarget, UnitOfWork } from './ports';
import type { AppRefusal } from './refusals';

export interface DeclareInput {
  title: string;
  summary: string;
  severity: Severity | null;
  category: string | null;
  isPrivate: boolean;
  commander: string | null;
  declarer: string;
  declareKey: string | null;
  reply: ReplyTarget;
  /** Present for `/incident drill`: the plan (if any) the drill exercises. */
  drill?: { plan: string | null };
}

export interface DeclareDeps {
  policy: Policy;
  uow: UnitOfWork;
  channels: ChannelGateway;
  notifier: Notifier;
  clock: Clock;
}

const MAX_NAME_ATTEMPTS = 10;

/**
 * The channel is created before anything is saved: if Slack fails, nothing is
 * recorded and the declarer can submit again; if saving fails, the channel is
 * archived. Either way no half-declared incident is left behind.
 */
export async function declareIncident(deps: DeclareDeps, input: DeclareInput): Promise<Result<Incident, AppRefusal>> {
  const { uow, channels, clock } = deps;
  if (input.declareKey) {
    const existing = await uow.incidents.findByDeclareKey(input.declareKey);
    if (existing) return ok(existing);
  }
  const number = await uow.incidents.nextNumber();
  let channel: { id: string; name: string } | undefined;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS && !channel; attempt++) {
    const created = await channels.createChannel(channelName(number, input.drill ? `drill ${input.title}` : input.title, attempt), input.isPrivate);
    if (created.ok) channel = created.value;
    else if (created.error.kind === 'failed') return err({ kind: 'channel_create_failed', error: created.error.error });
  }
  if (!channel) return err({ kind: 'channel_create_failed', error: 'name_taken' });

  const now = clock.now();
  let saved: Incident | 'duplicate';
  try {
    saved = await uow.transaction(async (tx) => {
      const { incidents } = tx;
      const incident = await incidents.insert({
        number,
        title: input.title,
        summary: input.summary,
        severity: input.severity,
        category: input.category,
        isPrivate: input.isPrivate,
        commander: input.commander,
        declaredBy: input.declarer,
        declaredAt: now,
        channelId: channel.id,
        channelName: channel.name,
        declareKey: input.declareKey,
        isDrill: !!input.drill,
        drillPlan: input.drill?.plan ?? null,
      });
      if (incident === 'duplicate') return incident;
      await incidents.addEvent(incident.id, {
        change: {
          kind: 'declared',
          title: incident.title,
          severity: incident.severity,
          commander: incident.roles.commander,
          isPrivate: incident.isPrivate,
          ...(incident.isDrill ? { drill: true as const } : {}),
        },
        actor: input.declarer,
        at: now,
      }, { before: null, after: incident });
      await incidents.addParticipants(incident.id, unique([input.declarer, input.commander]), now);
      await syncReminders(tx, incident, deps.policy);
      await deps.notifier.notify(tx, { type: 'declared', incident, reply: input.reply });
      await offerRecoveryGuide(tx, deps.notifier, deps.policy, incident, now);
      return incident;
    });
  } catch (e) {
    await channels.archiveChannel(channel.id);
    throw e;
  }
  if (saved === 'duplicate') {
    // A replay raced the original submission: keep the original, drop our channel.
    await channels.archiveChannel(channel.id);
    const original = await uow.incidents.findByDeclareKey(input.declareKey!);
    return ok(original!);
  }
  return ok(saved);
}

const unique = (users: (string | null)[]): string[] => [...new Set(users.filter((u): u is string => !!u))];
