import { failureText } from '../../kernel/slack/failure-text';
import { COMMAND } from '../../kernel/slack/ids';
import type { Listeners } from '../../kernel/slack/listener-router';
import { parseIncidentCommand } from '../../kernel/slack/parse-command';
import { HELP_TEXT, unknownSubcommandText, usageText } from '../../kernel/slack/refusal-text';
import { type UserFile, uploadToUser } from '../../kernel/slack/user-upload';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { openReviewModal } from '../review/open-review-modal.slack';
import { openUpdateModal } from '../updates/open-update-modal.slack';
import { runIncidentCommand } from './incident-commands.slack';
import type { IncidentsSlackDeps } from './incidents.ports';
import { openDeclareModal } from './open-declare-modal.slack';

/**
 * Answers that need no database go back in the ack itself; everything else is
 * acked at once (Slack gives 3 s) and answered through response_url.
 */
export function registerIncidentCommand(app: Listeners, deps: IncidentsSlackDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    const cmd = parseIncidentCommand(command.text ?? '');
    switch (cmd.kind) {
      case 'help':
        return ack({ response_type: 'ephemeral', text: HELP_TEXT });
      case 'unknown':
        return ack({ response_type: 'ephemeral', text: unknownSubcommandText(cmd.word) });
      case 'usage':
        return ack({ response_type: 'ephemeral', text: usageText(cmd.subcommand, cmd.problem, cmd.given) });
      case 'declare':
        await ack();
        return deps.inflight.afterAck(() =>
          openDeclareModal(client, deps, {
            triggerId: command.trigger_id,
            title: cmd.title,
            drill: cmd.drill ?? false,
            user: command.user_id,
            channelId: command.channel_id,
            responseUrl: command.response_url,
            respond,
          }),
        );
      case 'update':
        await ack();
        return deps.inflight.afterAck(() =>
          openUpdateModal(client, deps, {
            triggerId: command.trigger_id,
            channelId: command.channel_id,
            text: cmd.text,
            respond,
            user: command.user_id,
          }),
        );
      case 'review':
        await ack();
        return deps.inflight.afterAck(() =>
          openReviewModal(client, deps, {
            triggerId: command.trigger_id,
            channelId: command.channel_id,
            respond,
            user: command.user_id,
          }),
        );
    }
    await ack();
    const sendFile = (file: UserFile) =>
      uploadToUser(client, command.user_id, file).catch(async (error) => {
        deps.log.warn('could not send a file by DM', { subcommand: cmd.kind, error: error });
        const said = slackErrorCode(error);
        await respond({
          response_type: 'ephemeral',
          text: `I could not send you ${file.filename} by DM${said ? ` (Slack said \`${said}\`)` : ''}; the figures above are complete.`,
        }).catch(() => undefined);
      });
    // Not awaited: the HTTP answer (the ack) goes out when this listener returns.
    deps.inflight.afterAck(async () => {
      try {
        const reply = await runIncidentCommand(
          cmd,
          { user: command.user_id, channelId: command.channel_id, requestKey: command.trigger_id },
          deps,
        );
        if (reply) await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
        if (reply?.file) await sendFile(reply.file);
      } catch (e) {
        deps.log.error('incident command failed', { subcommand: cmd.kind, channel: command.channel_id, error: e });
        await respond({ response_type: 'ephemeral', text: failureText(e) }).catch(() => undefined);
      }
    });
  });
}
