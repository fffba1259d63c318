import { withBlockIds } from './blocks';
import { ApiError, bool, str } from './errors';
import { parseBody } from './http-util';
import { messageContent } from './methods/chat';
import { LIMITS } from './rules';
import type { Workspace } from './workspace';

// POST /response/<token>: the response_url Slack hands out with commands and
// interactions. Not a Web API method: no token, and its own limits (5 uses,
// 30 minutes). Status codes for the refusals are the emulator's choice; the
// bodies use Slack's error names.

export interface UrlAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function answerResponseUrl(ws: Workspace, token: string, raw: string, contentType?: string): UrlAnswer {
  const rec = ws.responseUrls.get(token);
  if (!rec || ws.now() - rec.issuedAt > LIMITS.responseUrlMs)
    return { status: 404, body: { ok: false, error: 'expired_url' } };
  if (rec.uses >= LIMITS.responseUrlUses) return { status: 404, body: { ok: false, error: 'used_url' } };
  // Clients post JSON here whatever content type they claim; forms are the exception.
  const isForm = /x-www-form-urlencoded/i.test(contentType ?? '');
  const parsed = parseBody(raw, isForm ? 'application/x-www-form-urlencoded' : 'application/json');
  if (parsed === 'invalid_json') return { status: 400, body: { ok: false, error: 'invalid_json' } };
  const args = { ...parsed };
  for (const key of ['blocks', 'attachments'] as const) {
    if (typeof args[key] === 'string') {
      try {
        args[key] = JSON.parse(args[key] as string);
      } catch {
        // left as is: messageContent reports the bad format
      }
    }
  }
  rec.uses += 1;

  try {
    if (bool(args, 'delete_original')) {
      if (!rec.messageTs) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      if (rec.isEphemeral) {
        const i = ws.ephemerals.findIndex((e) => e.ts === rec.messageTs && e.user === rec.user);
        if (i >= 0) ws.ephemerals.splice(i, 1);
      } else {
        const msgs = ws.messagesIn(rec.channel);
        const i = msgs.findIndex((m) => m.ts === rec.messageTs);
        if (i >= 0) msgs.splice(i, 1);
      }
      return { status: 200, body: { ok: true } };
    }
    const content = messageContent(args);
    if (bool(args, 'replace_original') && rec.messageTs) {
      const target = rec.isEphemeral
        ? ws.ephemerals.find((e) => e.ts === rec.messageTs && e.user === rec.user)
        : ws.findMessage(rec.channel, rec.messageTs);
      if (!target) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      target.text = content.text ?? '';
      target.blocks = withBlockIds(content.blocks);
      return { status: 200, body: { ok: true } };
    }
    const threadTs = str(args, 'thread_ts');
    if (str(args, 'response_type') === 'in_channel') {
      const m = ws.addMessage({
        channel: rec.channel,
        user: ws.botUserId,
        text: content.text ?? '',
        blocks: content.blocks,
        threadTs,
      });
      if (rec.followsReplies) Object.assign(rec, { messageTs: m.ts, isEphemeral: false });
    } else {
      const e = ws.addEphemeral({
        channel: rec.channel,
        user: rec.user,
        text: content.text ?? '',
        blocks: content.blocks,
        source: 'response_url',
        threadTs,
      });
      if (rec.followsReplies) Object.assign(rec, { messageTs: e.ts, isEphemeral: true });
    }
    return { status: 200, body: { ok: true } };
  } catch (e) {
    if (e instanceof ApiError) {
      const body: Record<string, unknown> = { ok: false, error: e.code };
      if (e.messages) body.response_metadata = { messages: e.messages };
      return { status: 400, body };
    }
    throw e;
  }
}
