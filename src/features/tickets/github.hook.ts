import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TicketEvent, TicketHookReader } from './tickets.ports';

/**
 * GitHub's `issues` webhook. Authentic when `X-Hub-Signature-256` is `sha256=` and the hex HMAC-SHA256 of the raw
 * body under the hook's secret, compared in constant time. Read: an issue of the policy's repository closed (done,
 * whatever its reason) or reopened (not done); anything else (a ping, an issue opened or edited, a comment, a pull
 * request) is null. The repository is checked because an organization's hook sends every repository's issues, and
 * issue numbers, the tickets' ids, are only unique within one.
 */
export class GitHubHookReader implements TicketHookReader {
  /** `repo`: the policy's `owner/name`. */
  constructor(private readonly repo: string) {}

  authentic(headers: Readonly<Record<string, string | undefined>>, rawBody: string, secret: string): boolean {
    const given = headerOf(headers, 'x-hub-signature-256')?.trim();
    const hex = given?.startsWith('sha256=') ? given.slice('sha256='.length) : undefined;
    if (!secret || !hex || !/^[0-9a-f]{64}$/i.test(hex)) return false;
    const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  }

  read(body: unknown): TicketEvent | null {
    if (!isRecord(body) || (body.action !== 'closed' && body.action !== 'reopened')) return null;
    // An `issue_comment` event carries the issue too, and a `comment`; a pull request's has `pull_request`.
    const issue = body.issue;
    if (!isRecord(issue) || 'comment' in body || 'pull_request' in body || isRecord(issue.pull_request)) return null;
    const repository = isRecord(body.repository) ? body.repository.full_name : undefined;
    if (typeof repository !== 'string' || repository.toLowerCase() !== this.repo.toLowerCase()) return null;
    const number = issue.number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return null;
    const sender = isRecord(body.sender) ? body.sender.login : undefined;
    return {
      id: String(number),
      key: `#${number}`,
      done: body.action === 'closed',
      actor: typeof sender === 'string' && sender ? sender : null,
    };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Headers by name without regard to case (Node lower-cases them; a caller building its own map may not). */
function headerOf(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name];
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
