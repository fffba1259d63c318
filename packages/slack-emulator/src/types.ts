// Shapes shared by the emulator's state, its Web API and its client side.
// Block Kit objects are typed loosely on purpose: the emulator must accept
// whatever a bot sends and judge it, so nothing here assumes validity.

export interface SeedUser {
  id: string;
  name: string;
  realName?: string;
  /** profile.email (users:read.email); default `<name>@example.com` for a person, none for a bot. */
  email?: string;
  tz?: string;
  isBot?: boolean;
}

export interface SeedChannel {
  id?: string;
  name: string;
  isPrivate?: boolean;
  members?: string[];
}

export interface EmulatorOptions {
  signingSecret: string;
  botToken: string;
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 'UBOT'. */
  botUserId?: string;
  /** Default 'T0001'. */
  teamId?: string;
  /** ms clock for ts and trigger/response_url expiry. Request signing always uses the real Date.now (Bolt checks it). */
  now?: () => number;
  users?: SeedUser[];
  channels?: SeedChannel[];
  /**
   * Send member_joined_channel to the bot when its own API calls add members
   * (conversations.invite, .join, .create), as Slack does. Default false: the
   * bot's tests then see only the events they ask for.
   */
  emitMembershipEvents?: boolean;
  /**
   * Enforce Slack's Web API rate limits (rate-limits.ts): a call over them is
   * answered HTTP 429 with Retry-After and changes nothing. Default off.
   * `timeScale` refills the buckets faster for tests: at 100 a minute of
   * Slack's allowance comes back in 600 ms of the clock (`now`).
   */
  rateLimits?: boolean | RateLimitOptions;
  /** Every Web API call is answered this many ms after it arrives, as Slack's round trip (default 0; the bench uses ~120). */
  latencyMs?: number;
}

export interface RateLimitOptions {
  /** How many times faster than Slack's the buckets refill (default 1). */
  timeScale?: number;
}

/** A message a person acts on in the Slack client. */
export interface MessageRef {
  user: string;
  channel: string;
  ts: string;
}

export interface BotResponse {
  status: number;
  /** Parsed JSON when the bot answered JSON, else the text ('' when empty). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read ack bodies of any shape
  body: any;
}

export interface TextObject {
  type?: string;
  text?: string;
  emoji?: boolean;
  [key: string]: unknown;
}

export interface OptionObject {
  text?: TextObject;
  value?: string;
  description?: TextObject;
  [key: string]: unknown;
}

export interface BlockElement {
  type?: string;
  action_id?: string;
  text?: TextObject;
  value?: string;
  url?: string;
  style?: string;
  options?: OptionObject[];
  option_groups?: { label?: TextObject; options?: OptionObject[] }[];
  initial_value?: string;
  initial_option?: OptionObject;
  initial_options?: OptionObject[];
  initial_user?: string;
  initial_users?: string[];
  initial_date?: string;
  initial_time?: string;
  initial_conversation?: string;
  initial_channel?: string;
  max_length?: number;
  min_length?: number;
  [key: string]: unknown;
}

export interface Block {
  type?: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: BlockElement;
  elements?: BlockElement[];
  element?: BlockElement;
  label?: TextObject;
  hint?: TextObject;
  optional?: boolean;
  [key: string]: unknown;
}

export interface ViewPayload {
  type?: string;
  title?: TextObject;
  submit?: TextObject;
  close?: TextObject;
  blocks?: Block[];
  private_metadata?: string;
  callback_id?: string;
  external_id?: string;
  clear_on_close?: boolean;
  notify_on_close?: boolean;
  [key: string]: unknown;
}

export type Args = Record<string, unknown>;
