import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { isOneOfItsPeople } from '../incident/query-incidents';
import type { Logger } from '../log';
import type { ChannelDirectory } from '../slack/channel-directory';
import { slackErrorCode } from '../slack/web-api-errors';
import type { UnitOfWork } from '../unit-of-work.ports';
import type { Announcements } from './announcements';
import type { Notice } from './notice';
import { type DeliveryStep, type StepContext, step } from './outbox';

export type NoticeType = Notice['type'];
export type NoticeOf<Type extends NoticeType> = Extract<Notice, { type: Type }>;

/**
 * What Slack is owed for each kind of notice, as the ordered steps the outbox worker runs and records one by one.
 * Each feature delivers the kinds it owns; main.ts assembles the whole from one export per feature, and the type
 * asks for every kind, so a notice no feature delivers does not compile.
 */
export type NoticeDeliveries = { [Type in NoticeType]: (notice: NoticeOf<Type>) => DeliveryStep[] };

/** What a feature's deliveries are built from: `Own` names the feature repositories its steps read or write. */
export interface DeliveryDeps<Own extends object = object> {
  client: WebClient;
  uow: UnitOfWork<Own>;
  policy: Policy;
  directory: ChannelDirectory;
  botUserId: string;
  log: Logger;
  announcements: Announcements;
}

/** Private incidents never leave their channel; drills are never announced as if real. */
export const broadcast = (incident: Incident): boolean => !incident.isPrivate && !incident.isDrill;

/** For calls Slack refuses with `code` when they were done already: a resumed delivery finding its own work is done. */
export async function ignoring(code: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (slackErrorCode(error) !== code) throw error;
  }
}

/**
 * A DM about the incident, sent only if `user` is still one of its people when
 * the step runs: someone removed from a private incident's channel after the
 * notice was queued is not told. The step stays in the list either way, so a
 * resumed delivery counts its steps the same.
 */
export function dmItsPeople(
  uow: UnitOfWork,
  name: string,
  incident: Incident,
  user: string,
  run: (ctx: StepContext) => Promise<unknown>,
): DeliveryStep {
  return step(name, async (ctx) => {
    if (await isOneOfItsPeople(uow, incident, user)) await run(ctx);
  });
}
