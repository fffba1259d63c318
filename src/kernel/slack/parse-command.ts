import { ROLES, type Role } from '../../domain/incident';
import { type ActionItem, parseActionItem } from '../../domain/review';
import { parseSeverity, type Severity } from '../../domain/severity';
import { isStatsPeriod, type StatsPeriod } from '../../domain/stats';
import { isStatus, type Status } from '../../domain/status';

/** Statuses a person may set with `/incident status`; closing and cancelling have their own words. */
export const SETTABLE_STATUSES = ['triage', 'investigating', 'identified', 'monitoring', 'resolved'] as const;

export type IncidentCommand =
  | { kind: 'help' }
  | { kind: 'declare'; title: string; drill?: true }
  | { kind: 'status'; to: Status | null; message: string | null }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'role'; role: Role; user: string }
  /** A role named in the policy's `roles` beyond the three built in (checked against the policy by its handler). */
  | { kind: 'extra_role'; role: string; user: string }
  | { kind: 'invite'; users: string[] }
  | { kind: 'resolve'; message: string | null }
  | { kind: 'cancel'; reason: string | null }
  | { kind: 'list' }
  | { kind: 'note'; text: string }
  | { kind: 'timeline'; page: number }
  | { kind: 'review' }
  | { kind: 'close' }
  | { kind: 'followup'; item: ActionItem }
  | { kind: 'followups' }
  | { kind: 'catchup' }
  | { kind: 'update'; text: string }
  | { kind: 'subscribe' }
  | { kind: 'unsubscribe' }
  | {
      kind: 'stats';
      period: StatsPeriod;
      category: string | null;
      /** `type:security`, `<field>:<option>` words: filters by the incident type and a select field. */
      filters?: { key: string; value: string }[];
    }
  /** No service: list the configured ones. */
  | { kind: 'page'; service: string | null; message: string | null }
  | { kind: 'usage'; subcommand: UsageTopic; problem: UsageProblem; given?: string }
  | { kind: 'unknown'; word: string };

/** Subcommands that take no arguments: extra words are refused rather than ignored (`close INC-7` must not close this one). */
export const BARE_SUBCOMMANDS = [
  'list',
  'review',
  'close',
  'followups',
  'subscribe',
  'unsubscribe',
  'catchup',
] as const;
type Bare = (typeof BARE_SUBCOMMANDS)[number];

export type UsageTopic = 'stats' | 'status' | 'severity' | 'role' | 'invite' | 'note' | 'timeline' | 'followup' | Bare;
export type UsageProblem = 'missing' | 'bad_value' | 'plain_mention' | 'extra' | 'bad_date';

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** Users mentioned in Slack's escaped form (`<@U123|name>`); anything else is reported. */
function parseMentions(words: string[]): { users: string[]; rest: string[] } {
  const users: string[] = [];
  const rest: string[] = [];
  for (const w of words) {
    const m = MENTION.exec(w);
    if (m) users.push(m[1]);
    else rest.push(w);
  }
  return { users: [...new Set(users)], rest };
}

/** A stats filter word: `type:security`, `vector:phishing` (a key, a colon, a value without spaces). */
const STATS_FILTER = /^[a-z][a-z0-9_-]*:[^\s:]+$/i;
const filterOf = (word: string) => {
  const at = word.indexOf(':');
  return { key: word.slice(0, at).toLowerCase(), value: word.slice(at + 1) };
};

/** Pure: the text after `/incident` to a typed command. No Slack calls, no database. */
export function parseIncidentCommand(text: string): IncidentCommand {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'help' };
  const [head, ...restWords] = trimmed.split(/\s+/);
  const word = head.toLowerCase();
  const restText = trimmed.slice(head.length).trim();
  const optional = (t: string) => (t ? t : null);

  const bare = word === 'postmortem' ? 'review' : word;
  if ((BARE_SUBCOMMANDS as readonly string[]).includes(bare) && restText) {
    return { kind: 'usage', subcommand: bare as Bare, problem: 'extra', given: restText };
  }
  switch (word) {
    case 'help':
      return { kind: 'help' };
    case 'declare':
    case 'new':
      return { kind: 'declare', title: restText };
    case 'drill':
      return { kind: 'declare', title: restText, drill: true };
    case 'list':
      return { kind: 'list' };
    case 'review':
    case 'postmortem':
      return { kind: 'review' };
    case 'close':
      return { kind: 'close' };
    case 'followups':
      return { kind: 'followups' };
    case 'catchup':
      return { kind: 'catchup' };
    case 'update':
      return { kind: 'update', text: restText };
    case 'subscribe':
      return { kind: 'subscribe' };
    case 'unsubscribe':
      return { kind: 'unsubscribe' };
    case 'stats': {
      // `key:value` words filter (by type and select fields); the words left are `[period] [category]` as ever.
      const filters = restWords.filter((w) => STATS_FILTER.test(w)).map(filterOf);
      const words = restWords.filter((w) => !STATS_FILTER.test(w));
      const text = words.join(' ');
      const withFilters = filters.length ? { filters } : {};
      // The period is optional; a first word that looks like one but is not gets the usage, not a category lookup.
      const first = words[0]?.toLowerCase();
      if (!first) return { kind: 'stats', period: '30d', category: null, ...withFilters };
      if (isStatsPeriod(first))
        return {
          kind: 'stats',
          period: first,
          category: optional(text.slice(words[0].length).trim()),
          ...withFilters,
        };
      if (/^\d+[a-z]*$/.test(first))
        return { kind: 'usage', subcommand: 'stats', problem: 'bad_value', given: words[0] };
      return { kind: 'stats', period: '30d', category: text, ...withFilters };
    }
    case 'note':
      return restText ? { kind: 'note', text: restText } : { kind: 'usage', subcommand: 'note', problem: 'missing' };
    case 'timeline': {
      if (!restWords.length) return { kind: 'timeline', page: 1 };
      const page = Number(restWords[0]);
      if (!Number.isInteger(page) || page < 1 || restWords.length > 1)
        return { kind: 'usage', subcommand: 'timeline', problem: 'bad_value', given: restText };
      return { kind: 'timeline', page };
    }
    case 'followup': {
      if (!restText) return { kind: 'usage', subcommand: 'followup', problem: 'missing' };
      const item = parseActionItem(restText);
      if (!item.ok)
        return {
          kind: 'usage',
          subcommand: 'followup',
          problem: item.error.problem === 'bad_date' ? 'bad_date' : 'missing',
          given: item.error.given,
        };
      return { kind: 'followup', item: item.value };
    }
    case 'resolve':
      return { kind: 'resolve', message: optional(restText) };
    case 'page':
      return {
        kind: 'page',
        service: restWords[0] ?? null,
        message: restWords.length ? optional(restText.slice(restWords[0].length).trim()) : null,
      };
    case 'cancel':
      return { kind: 'cancel', reason: optional(restText) };
    case 'status': {
      if (!restWords.length) return { kind: 'status', to: null, message: null };
      const to = restWords[0].toLowerCase();
      if (!isStatus(to) || !(SETTABLE_STATUSES as readonly string[]).includes(to)) {
        return { kind: 'usage', subcommand: 'status', problem: 'bad_value', given: restWords[0] };
      }
      return { kind: 'status', to, message: optional(restText.slice(restWords[0].length).trim()) };
    }
    case 'severity':
    case 'sev': {
      if (!restWords.length) return { kind: 'usage', subcommand: 'severity', problem: 'missing' };
      const severity = parseSeverity(restWords[0]);
      if (!severity) return { kind: 'usage', subcommand: 'severity', problem: 'bad_value', given: restWords[0] };
      if (restWords.length > 1)
        return { kind: 'usage', subcommand: 'severity', problem: 'extra', given: restWords.slice(1).join(' ') };
      return { kind: 'severity', severity };
    }
    case 'role': {
      const [roleWord, ...who] = restWords;
      if (!roleWord) return { kind: 'usage', subcommand: 'role', problem: 'missing' };
      const role = roleWord.toLowerCase();
      const builtIn = (ROLES as readonly string[]).includes(role);
      if (!builtIn && !/^[a-z][a-z0-9_-]{0,39}$/.test(role))
        return { kind: 'usage', subcommand: 'role', problem: 'bad_value', given: roleWord };
      const { users, rest } = parseMentions(who);
      if (rest.some((w) => w.startsWith('@')))
        return { kind: 'usage', subcommand: 'role', problem: 'plain_mention', given: rest[0] };
      if (users.length !== 1 || rest.length)
        return { kind: 'usage', subcommand: 'role', problem: users.length ? 'extra' : 'missing' };
      return builtIn
        ? { kind: 'role', role: role as Role, user: users[0] }
        : { kind: 'extra_role', role, user: users[0] };
    }
    case 'invite': {
      const { users, rest } = parseMentions(restWords);
      if (rest.some((w) => w.startsWith('@')))
        return { kind: 'usage', subcommand: 'invite', problem: 'plain_mention', given: rest[0] };
      if (rest.length) return { kind: 'usage', subcommand: 'invite', problem: 'bad_value', given: rest[0] };
      if (!users.length) return { kind: 'usage', subcommand: 'invite', problem: 'missing' };
      return { kind: 'invite', users };
    }
    default:
      return { kind: 'unknown', word: head };
  }
}
