import type { GlobalShortcut, MessageShortcut, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Listeners } from '../../kernel/slack/listener-router';
import { modalFailureText } from '../../kernel/slack/modal-opening';
import { escapeUserText } from '../../kernel/slack/mrkdwn';
import { refusalText } from '../../kernel/slack/refusal-text';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { mayDeclareFrom, rememberDeclareSource, summaryFrom, titleFrom } from './declare-from-message';
import { declareModal } from './declare-modal.view';
import { DECLARE_FROM_MESSAGE_SHORTCUT, DECLARE_SHORTCUT } from './incidents.ids';
import type { IncidentsSlackDeps } from './incidents.ports';

const ephemeral = (respond: RespondFn | undefined) => (text: string) =>
  respond?.({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);

/**
 * The declare form from anywhere: the lightning menu's *Declare incident*, and a message's *Declare incident from
 * this message*, which prefills it from the message. Both only open the form (the declaration is the form's own
 * submission, as with `/incident declare`): ack first, while the trigger is fresh.
 */
export function registerDeclareShortcuts(app: Listeners, deps: IncidentsSlackDeps): void {
  app.shortcut<GlobalShortcut>(DECLARE_SHORTCUT, async ({ ack, body, shortcut, client, respond }) => {
    await ack();
    // Slack sends this id only from the lightning menu; a request naming a message with it is not Slack's.
    if (body.type !== 'shortcut')
      return void (await ephemeral(respond)('That shortcut opens the declare form from the lightning menu only.'));
    deps.inflight.afterAck(async () => {
      try {
        await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: declareModal({
            title: '',
            declarer: shortcut.user.id,
            categories: deps.policy.categories,
            // Nowhere typed: the confirmation goes to the new channel, as from the Home tab.
            privateMetadata: '{}',
          }),
        });
      } catch (e) {
        // A global shortcut leaves no conversation to answer in: the person sees no form, and the log says why.
        deps.log.warn('could not open the declare form from the global shortcut', { code: slackErrorCode(e) });
      }
    });
  });

  app.shortcut<MessageShortcut>(DECLARE_FROM_MESSAGE_SHORTCUT, async ({ ack, body, shortcut, client, respond }) => {
    await ack();
    const tell = ephemeral(respond);
    if (body.type !== 'message_action') return void (await tell('That shortcut works on a message.'));
    const user = shortcut.user.id;
    const channelId = shortcut.channel.id;
    deps.inflight.afterAck(async () => {
      try {
        // A private incident's message only for its people (the payload can name any channel).
        if (!(await mayDeclareFrom(deps.uow, channelId, user)))
          return void (await tell(refusalText({ kind: 'not_visible' })));
        const m = shortcut.message as { text?: string; user?: string; bot_id?: string; thread_ts?: string };
        const text = m.text ?? '';
        const permalink = await permalinkOf(client, shortcut);
        const opened = await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: declareModal({
            title: '',
            declarer: user,
            categories: deps.policy.categories,
            privateMetadata: JSON.stringify({ channel: channelId, responseUrl: shortcut.response_url }),
            again: {
              form: {
                title: titleFrom(text),
                summary: summaryFrom(text, permalink),
                severity: null,
                category: null,
                isPrivate: false,
                commander: user,
                plan: null,
              },
              notice: [sourceNotice(m.user ?? null, channelId)],
              submit: 'Declare',
            },
          }),
        });
        const viewId = opened.view?.id;
        // The message is kept by the form's own id, never by anything the form carries back.
        if (viewId)
          await rememberDeclareSource(deps, viewId, {
            declarer: user,
            channelId,
            ts: shortcut.message_ts,
            threadTs: m.thread_ts && m.thread_ts !== shortcut.message_ts ? m.thread_ts : null,
            author: m.user ?? m.bot_id ?? 'unknown',
            text,
            permalink,
          });
      } catch (e) {
        await tell(modalFailureText(deps.log, e, 'declare', '/incident declare'));
      }
    });
  });
}

function sourceNotice(author: string | null, channelId: string): KnownBlock {
  const by = author ? ` by <@${escapeUserText(author)}>` : '';
  return {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `From a message${by} in <#${escapeUserText(channelId)}>. The incident's timeline starts with it, and its thread gets a link to the incident's channel (not for a private incident).`,
      },
    ],
  };
}

/** Slack's permalink; built from the payload's workspace domain when Slack will not give one (a channel the bot is not in). */
async function permalinkOf(client: WebClient, shortcut: MessageShortcut): Promise<string | null> {
  try {
    return (
      (await client.chat.getPermalink({ channel: shortcut.channel.id, message_ts: shortcut.message_ts })).permalink ??
      null
    );
  } catch {
    const domain = shortcut.team?.domain;
    if (!domain || !/^[a-z0-9-]+$/i.test(domain)) return null;
    return `https://${domain}.slack.com/archives/${shortcut.channel.id}/p${shortcut.message_ts.replace('.', '')}`;
  }
}
