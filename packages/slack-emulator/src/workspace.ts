import { randomBytes } from 'node:crypto';
import { withBlockIds } from './blocks';
import { ApiError } from './errors';
import type {
  BookmarkRecord,
  CallRecord,
  CanvasRecord,
  ChannelRecord,
  DeliveryRecord,
  EphemeralRecord,
  FileRecord,
  ImRecord,
  MessageRecord,
  OwedEventRetry,
  PinRecord,
  RateLimitedRecord,
  ResponseUrlRecord,
  TriggerRecord,
  UserRecord,
  ViewRecord,
  WorkspaceOptions,
} from './records';
import { LIMITS } from './rules';
import type { Block, SeedChannel, SeedUser } from './types';

export type * from './records';

// The workspace is the emulator's whole state and the rules that guard it.
// It knows nothing of HTTP, so the Web API, the client side and (later) a
// browser page can all act on one instance.

export const DEFAULT_USERS: SeedUser[] = [
  { id: 'UALICE', name: 'alice', realName: 'Alice Archer', tz: 'Europe/London' },
  { id: 'UBOB', name: 'bob', realName: 'Bob Baker', tz: 'America/New_York' },
  { id: 'UCAROL', name: 'carol', realName: 'Carol Chen', tz: 'Asia/Tokyo' },
  { id: 'UDAVE', name: 'dave', realName: 'Dave Diaz', tz: 'UTC' },
];

/** The id of the bot's DM with a user ('UALICE' → 'DALICE'). */
function imIdOf(userId: string): string {
  return `D${userId.replace(/^[UW]/, '')}`;
}

export class Workspace {
  readonly teamId: string;
  readonly teamDomain = 'firebreak-sandbox';
  readonly botUserId: string;
  readonly botId: string;
  readonly appId = 'AEMULATOR';
  readonly now: () => number;
  /** Set by the emulator when it listens; used in permalinks and response_urls. */
  baseUrl = 'http://127.0.0.1';

  readonly users = new Map<string, UserRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Bot DMs keyed by the user's id. */
  readonly ims = new Map<string, ImRecord>();
  /** Messages per conversation id (channels and DMs), thread replies included, oldest first. */
  readonly messages = new Map<string, MessageRecord[]>();
  readonly pins = new Map<string, PinRecord[]>();
  readonly bookmarks = new Map<string, BookmarkRecord[]>();
  /** Channel canvases by canvas id. */
  readonly canvases = new Map<string, CanvasRecord>();
  /**
   * What canvases the workspace allows: `paid` all; `free` refuses channel canvases through the API as a free
   * team's tier does; `disabled` has canvases turned off for the team (SlackEmulator.setCanvasPlan).
   */
  canvasPlan: 'paid' | 'free' | 'disabled' = 'paid';
  /** Bot scopes taken away (SlackEmulator.revokeScope): methods needing one answer missing_scope. */
  readonly revokedScopes = new Set<string>();
  readonly ephemerals: EphemeralRecord[] = [];
  readonly views = new Map<string, ViewRecord>();
  /** Each user's App Home tab, as last published by the bot. */
  readonly homeViews = new Map<
    string,
    { view: { id: string; blocks: unknown[]; hash: string }; hash: string; publishedAt: number }
  >();
  readonly calls: CallRecord[] = [];
  /** Every HTTP 429 the Web API answered, oldest first. */
  readonly rateLimited: RateLimitedRecord[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  /** Events not answered 200 within 3 s, oldest first, that Slack will deliver again (SlackEmulator.redeliverEvents). */
  readonly owedEventRetries: OwedEventRetry[] = [];
  readonly triggers = new Map<string, TriggerRecord>();
  readonly responseUrls = new Map<string, ResponseUrlRecord>();
  /** Uploads by file id ('F…'), from files.getUploadURLExternal on. */
  readonly files = new Map<string, FileRecord>();
  /** User groups (`S…`) and their members; a test or the sandbox adds them. */
  readonly userGroups = new Map<string, string[]>();
  /** Called when the bot's API calls add members (the emulator's emitMembershipEvents). */
  onMembersAdded: ((channel: string, users: string[], inviter?: string) => void) | undefined;

  /** Bumped by notifyChanged(): a browser page polls it or listens with onChange. */
  version = 0;

  /** The last ts handed out and the id counter: saved with the workspace (snapshot.ts) so a restored one never repeats either. */
  lastMicros = 0;
  seq = 0;
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly opts: WorkspaceOptions) {
    this.teamId = opts.teamId;
    this.botUserId = opts.botUserId;
    this.botId = `B${opts.botUserId.replace(/^U/, '')}`;
    this.now = opts.now;
    this.seed();
  }

  /** Back to the seeded users and channels, everything else forgotten (ts stay increasing). */
  reset(): void {
    for (const m of [
      this.users,
      this.channels,
      this.ims,
      this.messages,
      this.pins,
      this.bookmarks,
      this.canvases,
      this.views,
      this.homeViews,
      this.triggers,
      this.responseUrls,
      this.files,
      this.userGroups,
    ]) {
      m.clear();
    }
    for (const a of [this.ephemerals, this.calls, this.rateLimited, this.deliveries, this.owedEventRetries])
      a.length = 0;
    this.canvasPlan = 'paid';
    this.revokedScopes.clear();
    this.seed();
    this.notifyChanged();
  }

  /** Calls `listener` after anything may have changed (the emulator reports each request); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  notifyChanged(): void {
    this.version += 1;
    for (const l of this.changeListeners) l();
  }

  private seed(): void {
    for (const u of this.opts.users) this.addUser(u);
    if (!this.users.has(this.botUserId))
      this.addUser({ id: this.botUserId, name: 'firebreak', realName: 'Firebreak', isBot: true });
    const humans = [...this.users.values()].filter((u) => !u.isBot).map((u) => u.id);
    for (const c of this.opts.channels) {
      this.addChannel({ ...c, members: c.members ?? humans }, humans[0] ?? this.botUserId);
    }
  }

  addUser(user: SeedUser): UserRecord {
    const rec: UserRecord = {
      id: user.id,
      name: user.name,
      realName: user.realName ?? user.name,
      email: user.email ?? (user.isBot ? null : `${user.name.toLowerCase()}@example.com`),
      tz: user.tz ?? 'UTC',
      isBot: !!user.isBot,
    };
    this.users.set(user.id, rec);
    return rec;
  }

  addChannel(channel: SeedChannel, creator: string): ChannelRecord {
    const rec: ChannelRecord = {
      id: channel.id ?? this.newId('C'),
      name: channel.name,
      isPrivate: !!channel.isPrivate,
      isArchived: false,
      isGeneral: channel.name === 'general',
      topic: '',
      members: [...new Set(channel.members ?? [])],
      created: Math.floor(this.now() / 1000),
      creator,
    };
    this.channels.set(rec.id, rec);
    this.messages.set(rec.id, []);
    return rec;
  }

  /** Unique, increasing 'ssssssssss.uuuuuu' from the emulator clock, as Slack's message ts. */
  nextTs(): string {
    let micros = Math.floor(this.now() * 1000);
    if (micros <= this.lastMicros) micros = this.lastMicros + 1;
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  newId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  /**
   * Slack's view ids are unique for good, and bots key replays on them; a counter
   * would start again at every restart, so a view id is random, in Slack's shape.
   */
  newViewId(): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    return `V${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
  }

  /** An admin deletes a channel: it and its history are gone, and the API answers channel_not_found for it. */
  deleteChannel(id: string): void {
    if (!this.channels.delete(id)) throw new Error(`deleteChannel: no channel ${id}`);
    for (const m of [this.messages, this.pins, this.bookmarks]) m.delete(id);
    this.notifyChanged();
  }

  // --- lookups -------------------------------------------------------------

  channelByName(name: string): ChannelRecord | undefined {
    const bare = name.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.name === bare);
  }

  messagesIn(channelId: string): MessageRecord[] {
    return this.messages.get(channelId) ?? [];
  }

  threadReplies(channelId: string, threadTs: string): MessageRecord[] {
    return this.messagesIn(channelId).filter((m) => m.threadTs === threadTs && m.ts !== threadTs);
  }

  findMessage(channelId: string, ts: string): MessageRecord | undefined {
    return this.messagesIn(channelId).find((m) => m.ts === ts);
  }

  ephemeralsFor(userId: string): EphemeralRecord[] {
    return this.ephemerals.filter((e) => e.user === userId);
  }

  /** Messages the bot sent to this user by DM. */
  dmsTo(userId: string): MessageRecord[] {
    const im = this.ims.get(userId);
    return im ? this.messagesIn(im.id).filter((m) => m.user === this.botUserId) : [];
  }

  /** The uploaded bytes of a file as UTF-8 text (undefined before its upload). */
  fileContent(id: string): string | undefined {
    return this.files.get(id)?.content?.toString('utf8');
  }

  callsTo(method: string): CallRecord[] {
    return this.calls.filter((c) => c.method === method);
  }

  openViews(userId?: string): ViewRecord[] {
    return [...this.views.values()].filter((v) => v.isOpen && (!userId || v.user === userId));
  }

  isMember(conversationId: string, userId: string): boolean {
    const ch = this.channels.get(conversationId);
    if (ch) return ch.members.includes(userId);
    const im = [...this.ims.values()].find((i) => i.id === conversationId);
    return !!im && (im.user === userId || userId === this.botUserId);
  }

  /** The IM between the bot and a user, opened on first use like conversations.open. */
  imFor(userId: string): ImRecord {
    let im = this.ims.get(userId);
    if (!im) {
      im = { id: imIdOf(userId), user: userId, created: Math.floor(this.now() / 1000) };
      this.ims.set(userId, im);
      this.messages.set(im.id, []);
    }
    return im;
  }

  /**
   * The conversation a post to `channel` lands in (a user id: their DM; a name: its channel), opening nothing.
   * chat.postMessage's per-channel rate limit counts per conversation, however the bot names it.
   */
  conversationOf(channel: string): string {
    if (this.users.has(channel)) return imIdOf(channel);
    if (this.channels.has(channel)) return channel;
    return this.channelByName(channel)?.id ?? channel;
  }

  imById(id: string): ImRecord | undefined {
    return [...this.ims.values()].find((i) => i.id === id);
  }

  // --- rules shared by several methods -----------------------------------

  requireUser(id: string | undefined): UserRecord {
    const u = id ? this.users.get(id) : undefined;
    if (!u) throw new ApiError('user_not_found');
    return u;
  }

  /** The channel's canvas, if it has one (one per channel). */
  channelCanvas(channelId: string): CanvasRecord | undefined {
    return [...this.canvases.values()].find((c) => c.channel === channelId);
  }

  /** A channel the bot can see: private channels it is not in look absent, as in Slack. */
  visibleChannel(id: string | undefined): ChannelRecord {
    const ch = id ? this.channels.get(id) : undefined;
    if (!ch || (ch.isPrivate && !ch.members.includes(this.botUserId))) throw new ApiError('channel_not_found');
    return ch;
  }

  /**
   * Where a bot post goes: a channel the bot is in, a DM id, or a user id
   * (Slack opens the DM). Bot tokens without chat:write.public get not_in_channel.
   */
  postTarget(channel: string | undefined): string {
    if (channel && this.users.has(channel)) return this.imFor(channel).id;
    if (channel && this.imById(channel)) return channel;
    // chat.postMessage also takes a channel name ('#incidents' or 'incidents').
    const named = channel && !this.channels.has(channel) ? this.channelByName(channel) : undefined;
    const ch = this.visibleChannel(named ? named.id : channel);
    if (ch.isArchived) throw new ApiError('is_archived');
    if (!ch.members.includes(this.botUserId)) throw new ApiError('not_in_channel');
    return ch.id;
  }

  addMessage(message: {
    channel: string;
    user: string;
    text: string;
    blocks?: Block[];
    attachments?: unknown[];
    threadTs?: string;
    files?: string[];
    metadata?: MessageRecord['metadata'];
  }): MessageRecord {
    const rec: MessageRecord = {
      ts: this.nextTs(),
      channel: message.channel,
      user: message.user,
      text: message.text,
      blocks: withBlockIds(message.blocks),
      attachments: message.attachments,
      threadTs: message.threadTs,
      replyCount: 0,
      botId: message.user === this.botUserId ? this.botId : undefined,
      reactions: [],
      ...(message.files ? { files: message.files } : {}),
      ...(message.metadata ? { metadata: message.metadata } : {}),
    };
    if (message.threadTs) {
      const parent = this.findMessage(message.channel, message.threadTs);
      if (parent) {
        parent.threadTs = parent.ts;
        parent.replyCount += 1;
      }
    }
    if (!this.messages.has(message.channel)) this.messages.set(message.channel, []);
    this.messages.get(message.channel)!.push(rec);
    return rec;
  }

  addEphemeral(ephemeral: Omit<EphemeralRecord, 'ts'>): EphemeralRecord {
    const rec = { ...ephemeral, blocks: withBlockIds(ephemeral.blocks), ts: this.nextTs() };
    this.ephemerals.push(rec);
    return rec;
  }

  // --- triggers and response_urls ----------------------------------------

  issueTrigger(user: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${this.seq++}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { id, user, issuedAt: this.now(), used: false });
    return id;
  }

  /** Spends a trigger_id: once only, within 3 s of the emulator clock. */
  useTrigger(id: string | undefined): TriggerRecord {
    const t = id ? this.triggers.get(id) : undefined;
    if (!t) throw new ApiError('invalid_trigger_id');
    if (t.used) throw new ApiError('exchanged_trigger_id');
    if (this.now() - t.issuedAt > LIMITS.triggerMs) throw new ApiError('expired_trigger_id');
    t.used = true;
    return t;
  }

  issueResponseUrl(responseUrl: Omit<ResponseUrlRecord, 'token' | 'url' | 'uses' | 'issuedAt'>): ResponseUrlRecord {
    const token = randomBytes(12).toString('hex');
    const rec: ResponseUrlRecord = {
      ...responseUrl,
      token,
      url: `${this.baseUrl}/response/${token}`,
      uses: 0,
      issuedAt: this.now(),
    };
    this.responseUrls.set(token, rec);
    return rec;
  }

  permalink(channel: string, ts: string): string {
    return `${this.baseUrl}/archives/${channel}/p${ts.replace('.', '')}`;
  }
}
