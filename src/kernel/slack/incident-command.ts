import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Result } from '../../domain/result';
import type { RegisterListeners } from './bolt-app';
import type { SlackDeps } from './deps';
import { failureText } from './failure-text';
import { COMMAND } from './ids';
import { type IncidentCommand, parseIncidentCommand } from './parse-command';
import { HELP_TEXT, refusalText, unknownSubcommandText, usageText } from './refusal-text';
import { type UserFile, uploadToUser } from './user-upload';
import { slackErrorCode } from './web-api-errors';

export interface Reply {
  text: string;
  blocks?: KnownBlock[];
  /** Sent after the reply, into the caller's DM with the bot: what only they may see. */
  file?: UserFile;
}

export interface CommandContext {
  user: string;
  channelId: string;
  /** The command's trigger_id: a replay of the same request changes nothing twice. */
  requestKey?: string;
}

type ModalKind = 'declare' | 'update' | 'review';
export type ChannelCommand = Exclude<IncidentCommand, { kind: 'help' | 'usage' | 'unknown' | ModalKind }>;

/** Where a modal-opening subcommand came from: its trigger (3 s, once) and where to answer. */
export interface ModalOrigin {
  client: WebClient;
  triggerId: string;
  user: string;
  channelId: string;
  responseUrl: string;
  respond: RespondFn;
}

/** Each feature answers its own /incident subcommands; main.ts joins them (one entry per subcommand). */
export type Subcommands<Deps> = {
  [Kind in ChannelCommand['kind']]?: (
    command: Extract<ChannelCommand, { kind: Kind }>,
    context: CommandContext,
    deps: Deps,
  ) => Promise<Reply | null>;
};

/** The subcommands that open a modal, each owned by the feature whose modal it is. */
export type ModalOpeners<Deps> = {
  [Kind in ModalKind]: (
    command: Extract<IncidentCommand, { kind: Kind }>,
    origin: ModalOrigin,
    deps: Deps,
  ) => Promise<void>;
};

/**
 * Success is shown in the channel by the notifier; only refusals come back to the caller, in the words of the
 * feature that refused (`describe`), and a replay gets nothing.
 */
export const quietUnlessRefused = <Refused extends { kind: string }>(
  result: Result<unknown, Refused>,
  describe: (refusal: Refused) => string,
): Reply | null => (result.ok || result.error.kind === 'duplicate_request' ? null : { text: describe(result.error) });

/** People the subcommand names (a role's holder, invitees, a follow-up's owner), checked before any feature runs. */
function namedPeople(command: ChannelCommand): string[] {
  if (command.kind === 'role') return [command.user];
  if (command.kind === 'invite') return command.users;
  if (command.kind === 'followup' && command.item.owner) return [command.item.owner];
  return [];
}

async function runSubcommand<Deps extends SlackDeps>(
  subcommands: Subcommands<Deps>,
  command: ChannelCommand,
  context: CommandContext,
  deps: Deps,
): Promise<Reply | null> {
  const named = namedPeople(command);
  if (named.length) {
    const strangers = await deps.people.notPeople(named.filter((user) => user !== deps.botUserId));
    if (strangers.length) return { text: refusalText({ kind: 'unknown_users', users: strangers }) };
  }
  const answer = subcommands[command.kind] as
    | ((command: ChannelCommand, context: CommandContext, deps: Deps) => Promise<Reply | null>)
    | undefined;
  // parse-command only yields the kinds main.ts wires; a missing one is a wiring mistake, not the user's.
  if (!answer) throw new Error(`no feature answers /incident ${command.kind}`);
  return answer(command, context, deps);
}

/**
 * The /incident command: answers that need no database go back in the ack itself; a modal's opener acks at
 * once (views.open needs the trigger while it is fresh); every other subcommand is acked once its change is
 * committed (Slack gives 3 s) and answered through response_url by the feature that owns the subcommand.
 */
export function incidentCommand<Deps extends SlackDeps>(
  subcommands: Subcommands<Deps>,
  openers: ModalOpeners<Deps>,
): RegisterListeners<Deps> {
  return (app, deps) =>
    app.command(COMMAND, async ({ command, ack, respond, client }) => {
      const parsed = parseIncidentCommand(command.text ?? '');
      const roles = deps.policy.roles.map((r) => r.name);
      // A role word not built in must be one of the policy's roles: otherwise the usage, naming them.
      if (parsed.kind === 'extra_role' && !roles.includes(parsed.role))
        return ack({ response_type: 'ephemeral', text: usageText('role', 'bad_value', parsed.role, roles) });
      switch (parsed.kind) {
        case 'help':
          return ack({ response_type: 'ephemeral', text: HELP_TEXT });
        case 'unknown':
          return ack({ response_type: 'ephemeral', text: unknownSubcommandText(parsed.word) });
        case 'usage':
          return ack({
            response_type: 'ephemeral',
            text: usageText(parsed.subcommand, parsed.problem, parsed.given, roles),
          });
        case 'declare':
        case 'update':
        case 'review': {
          await ack();
          const origin: ModalOrigin = {
            client,
            triggerId: command.trigger_id,
            user: command.user_id,
            channelId: command.channel_id,
            responseUrl: command.response_url,
            respond,
          };
          const open = openers[parsed.kind] as (
            command: IncidentCommand,
            origin: ModalOrigin,
            deps: Deps,
          ) => Promise<void>;
          return deps.inflight.afterAck(() => open(parsed, origin, deps));
        }
      }
      const sendFile = (file: UserFile) =>
        uploadToUser(client, command.user_id, file).catch(async (error) => {
          deps.log.warn('could not send a file by DM', { subcommand: parsed.kind, error });
          const said = slackErrorCode(error);
          await respond({
            response_type: 'ephemeral',
            text: `I could not send you ${file.filename} by DM${said ? ` (Slack said \`${said}\`)` : ''}; the figures above are complete.`,
          }).catch(() => undefined);
        });
      // The subcommand's change is committed before the ack; its answer goes through response_url after it.
      await deps.inflight.commitThenAck(
        ack,
        () =>
          runSubcommand(
            subcommands,
            parsed,
            { user: command.user_id, channelId: command.channel_id, requestKey: command.trigger_id },
            deps,
          ),
        async (outcome) => {
          try {
            if (!outcome.ok) throw outcome.error;
            const reply = outcome.value;
            if (reply) await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
            if (reply?.file) await sendFile(reply.file);
          } catch (error) {
            deps.log.error('incident command failed', { subcommand: parsed.kind, channel: command.channel_id, error });
            await respond({ response_type: 'ephemeral', text: failureText(error) }).catch(() => undefined);
          }
        },
      );
    });
}
