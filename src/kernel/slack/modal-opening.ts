import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import { failureText } from './failure-text';
import { slackErrorCode } from './web-api-errors';

/** Who asked for a modal, and where: a command or a button answers through respond(), anything else ephemerally. */
export interface ModalOpener {
  channelId: string;
  user: string;
  respond?: RespondFn;
}

/**
 * How the person who asked for a modal hears why it did not open. Best effort: the answer that fails too (an expired
 * response_url, a channel the bot has left) has nothing left to tell.
 */
export function tellOpener(client: WebClient, opener: ModalOpener): (text: string) => Promise<void> {
  return async (text) => {
    if (opener.respond)
      await opener.respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    else await client.chat.postEphemeral({ channel: opener.channelId, user: opener.user, text }).catch(() => undefined);
  };
}

/**
 * Slack refusing to open a form (an expired trigger, an invalid view) is named with its code and the command that
 * tries again; any other failure gets the usual sentence.
 */
export function modalFailureText(log: Logger, error: unknown, form: string, command: string): string {
  const code = slackErrorCode(error);
  log.warn(`could not open the ${form} modal`, { code, error });
  return (error as { data?: unknown }).data
    ? `:warning: Slack would not open the ${form} form (\`${code}\`). Try \`${command}\` again.`
    : failureText(error);
}
