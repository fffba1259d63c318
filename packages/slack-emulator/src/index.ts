/**
 * The Slack emulator: a workspace our bot talks to over real HTTP, enforcing
 * Slack's rules and error codes, and a Slack client that signs and sends
 * commands, interactions and events to the bot.
 *
 *   const emu = new SlackEmulator({ signingSecret, botToken });
 *   await emu.start();                       // emu.apiUrl → WebClient's slackApiUrl
 *   emu.botEndpoint = 'http://127.0.0.1:3000/slack/events';
 *   await emu.command({ user: 'UALICE', channel: 'CINCIDENTS', text: 'declare' });
 *
 * State (`emu.workspace`, a Workspace; read it in tests, mutate it only to seed):
 * - users: Map id → { id, name, realName, tz, isBot }. The bot user (default
 *   UBOT, bot_id BBOT) is always present.
 * - channels: Map id → { id, name, isPrivate, isArchived, isGeneral, topic,
 *   members[], created (s), creator }. Private channels the bot is not in are
 *   invisible to the API (channel_not_found), as in Slack.
 * - ims: Map userId → { id 'D…', user, created }: bot DMs.
 * - messages: Map conversationId → MessageRecord[] (oldest first, thread
 *   replies included) { ts, channel, user, text, blocks, attachments, threadTs,
 *   replyCount, edited, botId (set on bot posts), reactions }.
 * - pins: Map channelId → { channel, ts, pinnedBy, created }[].
 * - ephemerals: { channel, user, text, blocks, source: 'postEphemeral' | 'ack' |
 *   'response_url', ts, threadTs }[].
 * - views: Map viewId → { id, user, view (as views.open returns it), hash,
 *   errors (last response_action 'errors'), isOpen, rootViewId,
 *   previousViewId, ackError (a refused ack view) }.
 * - calls: every Web API call { method, args (JSON args parsed, token
 *   removed), ok, error, at (emulator ms), fault }.
 * - owedEventRetries: events Slack will deliver again (not answered 200 within
 *   3 s): { envelope, retryNum 1–3, retryReason }; emu.redeliverEvents() sends them.
 * - deliveries: every request sent to the bot { kind, payload, status, body,
 *   ms, ackError }.
 * - triggers, responseUrls: issued trigger_ids (3 s, single use) and
 *   response_urls (5 uses, 30 min).
 * - files: Map fileId → { id, name, title, content (Buffer), size, length
 *   (as promised to getUploadURLExternal), mimetype, channels, user,
 *   permalink, urlPrivate, completed }. Uploads go the filesUploadV2 way:
 *   files.getUploadURLExternal → POST bytes (raw or multipart) to
 *   /upload/<id> → files.completeUploadExternal, which shares the file as a
 *   bot message with `files` (text = initial_comment). GET on permalink or
 *   url_private returns the bytes.
 * Helpers: channelByName(name), messagesIn(channel), threadReplies(channel, ts),
 * findMessage(channel, ts), ephemeralsFor(user), dmsTo(user), callsTo(method),
 * openViews(user?), fileContent(fileId) (UTF-8 text), nextTs(), deleteChannel(id) (an
 * admin deletes it: the API then answers channel_not_found).
 *
 * People acting (each changes the state, then sends what Slack sends):
 * command, submitView, clickButton, postUserMessage, editUserMessage,
 * deleteUserMessage, pinMessage/unpinMessage, addReaction/removeReaction,
 * joinChannel/leaveChannel/removeFromChannel, messageShortcut (message_action),
 * globalShortcut (shortcut), executeFunction (function_executed, a Workflow Builder
 * step of the functions given to declareFunctions, with its xwfp- workflow token;
 * functions.completeSuccess/completeError end it: functionRuns.executions), closeView
 * (view_closed when notify_on_close). A person cannot act in an archived
 * channel: those throw. Option emitMembershipEvents: the bot's own
 * conversations.invite/join/create also send member_joined_channel.
 *
 * Choices worth knowing:
 * - Nothing is sent to the bot unless a test asks: bot posts do not echo back
 *   as message events (Bolt would drop them as its own anyway).
 * - postUserMessage in a channel the bot is not in stores the message but
 *   delivers no event (Slack would not): response { status: 0, body: 'not_delivered: …' }.
 * - Test misuse (unknown user/view/button, an empty required input, a user not
 *   in the channel) throws an Error; Slack refusals are { ok: false } answers.
 * - Reused trigger_id → 'exchanged_trigger_id' (Slack's documented code).
 * - failNext with only hangMs delays the answer (until the client hangs up, at
 *   most hangMs) and then performs the call, as a slow Slack does after the
 *   client gave up; with error/status the call changes nothing.
 * - Rate limits (option `rateLimits`, or emu.setRateLimits; off by default):
 *   Slack's tiers per method and chat.postMessage's per-channel limit and
 *   workspace cap, as token buckets (rate-limits.ts: the table, SLACK_RATE_LIMITS,
 *   is exported for Firebreak's pacer to agree with). A call over a limit gets
 *   HTTP 429, `Retry-After: <whole seconds, ≥ 1>` and {ok:false,
 *   error:'ratelimited'}, and changes nothing. `{ timeScale: 100 }` makes a
 *   minute last 600 ms of the clock (`now`) for tests; Retry-After stays whole
 *   seconds (rounded up), as @slack/web-api parses it with parseInt.
 *   Every 429 (limits and failNext alike, `cause` tells) is in emu.rateLimited(),
 *   counted per method by rateLimitedCounts(); callCounts() counts every call.
 *   A failNext refusal comes before the limits and spends no token.
 * - Latency (option `latencyMs`, or emu.setLatency): every Web API call is
 *   acted on and answered that long after it arrives (default 0; the bench ~120).
 * - emu.reset() returns to the seed (and drops queued faults), for one
 *   emulator shared by a test file; emu.mount(prefix, handler) serves extra
 *   paths (a browser page) from the same server and state.
 */
export { BOT_REQUEST_TIMEOUT_MS, signature, signedHeaders } from './client';
export { type RouteHandler, SlackEmulator } from './emulator';
export { ApiError } from './errors';
export type { ExecutionRecord, FunctionDefinition } from './functions';
export {
  bucketOf,
  type LimitScope,
  METHOD_TIERS,
  POST_MESSAGE_PER_CHANNEL_PER_MINUTE,
  POST_MESSAGE_PER_WORKSPACE_PER_MINUTE,
  type RateLimit,
  RateLimiter,
  type RateVerdict,
  retryAfterSeconds,
  SLACK_RATE_LIMITS,
  TIER_PER_MINUTE,
  type Tier,
} from './rate-limits';
export type { BotResponse, EmulatorOptions, MessageRef, RateLimitOptions, SeedChannel, SeedUser } from './types';
export {
  type CallRecord,
  type ChannelRecord,
  DEFAULT_USERS,
  type DeliveryRecord,
  type EphemeralRecord,
  type Fault,
  type FileRecord,
  type ImRecord,
  type MessageRecord,
  type OwedEventRetry,
  type PinRecord,
  type RateLimitedRecord,
  type UserRecord,
  type ViewRecord,
  Workspace,
} from './workspace';
