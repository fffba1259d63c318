import type { WebClient } from '@slack/web-api';
import { err, ok, type Result } from '../../domain/result';
import type { Logger } from '../../kernel/log';
import { isPaced, type SlackPacer } from '../../kernel/slack/pacer';
import { isTransient, retryAfterMs, slackErrorCode } from '../../kernel/slack/web-api-errors';
import type { ChannelFailure, ChannelGateway } from './channel.ports';

/**
 * Creating the channel happens inside the declare modal's 3-second window, so it
 * uses a client with a short timeout and no built-in retries, and retries here
 * only while the budget allows.
 */
const MAX_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 150;

export class SlackChannelGateway implements ChannelGateway {
  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    private readonly botUserId: string,
    private readonly pacer: SlackPacer,
    private readonly budgetMs = 2200,
    /** The client's own timeout: a retry must fit it inside the budget. */
    private readonly attemptMs = 1500,
  ) {}

  async createChannel(name: string, isPrivate: boolean): Promise<Result<{ id: string; name: string }, ChannelFailure>> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.client.conversations.create({ name, is_private: isPrivate });
        return ok({ id: res.channel!.id!, name: res.channel!.name ?? name });
      } catch (e) {
        const code = slackErrorCode(e);
        if (code === 'name_taken') return err({ kind: 'name_taken' });
        // Our own pacing is no failure of Slack's: the declarer is told when instead.
        if (isPaced(e)) this.log.debug('conversations.create paced', { name });
        else this.log.warn('conversations.create failed', { code, name });
        const retryAfter = retryAfterMs(e);
        // Slack's Retry-After is a floor; our own pause only spaces out retries of other failures.
        const pause = retryAfter ?? RETRY_PAUSE_MS * attempt;
        const outOfTime = Date.now() - started + pause + this.attemptMs > this.budgetMs;
        const transient = isTransient(code);
        // Our own budget is spent: trying again before its token would only be refused again.
        if (!transient || attempt >= MAX_ATTEMPTS || outOfTime || isPaced(e)) {
          return err({ kind: 'failed', error: code, transient, retryAfterMs: retryAfter });
        }
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  creationSpacingMs(): number {
    return this.pacer.spacingMs('conversations.create');
  }

  async findOwnChannel(name: string): Promise<{ id: string; name: string } | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        cursor,
      });
      const found = page.channels?.find((c) => c.name === name && c.creator === this.botUserId);
      if (found?.id) return { id: found.id, name };
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return undefined;
  }

  async archiveChannel(channelId: string): Promise<void> {
    try {
      await this.client.conversations.archive({ channel: channelId });
    } catch (e) {
      this.log.error('could not archive an orphaned incident channel', { channelId, code: slackErrorCode(e) });
    }
  }
}
