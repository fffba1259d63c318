import { type Incident, incidentRef } from '../../domain/incident';
import { slackTsToDate } from '../../domain/timeline';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import type { SourceMessage } from '../../kernel/outbox/notice';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { channelLink, escapeUserText } from '../../kernel/slack/mrkdwn';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import type { ShortcutsNeed } from './shortcuts.ports';

/** What Slack shows of the source message to the bot, and whether the bot may answer in its thread. */
interface SourceSeen {
  /** The message as Slack holds it now, read with the bot's own access; undefined when the bot cannot read it. */
  message?: { author: string; text: string };
  /** The declarer may see the conversation (a private one only when they are in it). */
  declarerSees: boolean;
  /** The bot is in the conversation (it joined a public one), so it can reply in the thread. */
  canReply: boolean;
}

const NOT_THERE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'missing_scope']);

/**
 * The source message as Slack shows it to the bot. The shortcut's copy came in one signed request, but a request can
 * be replayed with a forged copy naming any conversation: what goes into a timeline is what Slack returns, and a
 * private conversation counts only when the declarer is one of its members. A public conversation the bot is not in
 * is joined (channels:join), so the message can be read and the thread answered.
 */
async function seeSource(deps: DeliveryDeps, source: SourceMessage): Promise<SourceSeen> {
  const { client } = deps;
  const hidden: SourceSeen = { declarerSees: false, canReply: false };
  try {
    const info = (await client.conversations.info({ channel: source.channelId })).channel;
    if (!info) return hidden;
    if (info.is_private) {
      if (!info.is_member) return hidden;
      if (!(await isMember(deps, source.channelId, source.declarer))) return hidden;
    } else if (!info.is_member) {
      await client.conversations.join({ channel: source.channelId });
    }
    const thread = source.threadTs && source.threadTs !== source.ts ? source.threadTs : undefined;
    const window = { channel: source.channelId, latest: source.ts, oldest: source.ts, inclusive: true, limit: 1 };
    const page = thread
      ? await client.conversations.replies({ ...window, ts: thread })
      : await client.conversations.history(window);
    const found = (page.messages ?? []).find((m) => m.ts === source.ts) as
      | { user?: string; bot_id?: string; text?: string }
      | undefined;
    return {
      declarerSees: true,
      canReply: true,
      message: found && { author: found.user ?? found.bot_id ?? 'unknown', text: found.text ?? '' },
    };
  } catch (e) {
    if (NOT_THERE.has(slackErrorCode(e))) return hidden;
    throw e;
  }
}

async function isMember(deps: DeliveryDeps, channel: string, user: string): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await deps.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
    if (page.members?.includes(user)) return true;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return false;
}

const threadReplyText = (incident: Incident): string =>
  `${incidentRef(incident.number)} was declared from this message: *${escapeUserText(incident.title)}* → ${channelLink(incident.channelId)}`;

export function shortcutsDeliveries(
  deps: DeliveryDeps<ShortcutsNeed>,
): Pick<NoticeDeliveries, 'declared_from_message' | 'workflow_step_done'> {
  const { client, uow, log } = deps;
  return {
    declared_from_message: ({ incident, source }) => [
      // Kept at the message's own time, so the timeline starts with it. Without Slack's copy, the shortcut's is
      // taken only for the declarer's own words (as the timeline shortcut does).
      step('timeline starts with the message', async () => {
        const seen = await seeSource(deps, source);
        const message =
          seen.message ??
          (source.author === source.declarer ? { author: source.author, text: source.text } : undefined);
        if (!message) {
          log.warn('the message an incident was declared from is not readable; left out of its timeline', {
            incident: incident.number,
          });
          return;
        }
        await uow.timeline.addMessage(
          {
            incidentId: incident.id,
            author: message.author,
            text: message.text,
            at: slackTsToDate(source.ts),
            slackTs: source.ts,
            threadTs: null,
          },
          'shortcut',
        );
      }),
      // Nothing about a private incident leaves its channel.
      ...(incident.isPrivate
        ? []
        : [
            step('reply in the message thread', async (ctx) => {
              const seen = await seeSource(deps, source);
              if (!seen.canReply || !seen.message) return;
              await postOnce(
                client,
                { channel: source.channelId, thread_ts: source.threadTs ?? source.ts, text: threadReplyText(incident) },
                ctx,
              );
            }),
          ]),
    ],
    // Only the execution's own workflow token may complete it. A completion whose first answer was lost finds the
    // step no longer running: that earlier call landed.
    workflow_step_done: ({ executionId, outputs, error }) => [
      step('complete the workflow step', async () => {
        const token = await uow.shortcuts.stepToken(executionId);
        if (!token) return;
        try {
          if (error !== undefined)
            await client.functions.completeError({ token, function_execution_id: executionId, error });
          else
            await client.functions.completeSuccess({
              token,
              function_execution_id: executionId,
              outputs: outputs ?? {},
            });
        } catch (e) {
          const code = slackErrorCode(e);
          if (code !== 'execution_not_in_running_state' && code !== 'function_execution_not_found') throw e;
          log.warn('workflow step already over', { code });
        }
      }),
    ],
  };
}
