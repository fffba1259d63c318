import { incidentRef } from '../../domain/incident';
import { SEVERITIES } from '../../domain/severity';
import { STATUS_LABEL } from '../../domain/status';
import { cut } from '../../domain/text';
import type { SharedRefusal } from '../refusals';
import { escapeMrkdwn, mention } from './mrkdwn';
import type { UsageProblem, UsageTopic } from './parse-command';
import { SETTABLE_STATUSES } from './parse-command';

/** The sentence a person reads for each shared refusal; a feature's own are in its *.refusal-text.ts. */
export function refusalText(refusal: SharedRefusal): string {
  switch (refusal.kind) {
    case 'forbidden_transition': {
      const allowed = refusal.allowed.length
        ? refusal.allowed.map((s) => `\`${s}\``).join(', ')
        : 'none: the incident is finished';
      return `:warning: An incident in *${STATUS_LABEL[refusal.from]}* cannot move to *${STATUS_LABEL[refusal.to]}*. Allowed next: ${allowed}. Nothing was changed.`;
    }
    case 'already_in_status':
      return `The incident is already *${STATUS_LABEL[refusal.status]}*. Nothing was changed.`;
    case 'needs_severity':
      return ':warning: Set a severity before leaving triage: `/incident severity SEV1..SEV4`. Nothing was changed.';
    case 'needs_commander':
      return ':warning: Assign a commander before leaving triage: `/incident role commander @user`. Nothing was changed.';
    case 'incident_finished':
      return `This incident is *${STATUS_LABEL[refusal.status]}*; it can no longer be changed.`;
    case 'same_severity':
      return `The severity is already *${refusal.severity}*. Nothing was changed.`;
    case 'same_role_holder':
      return `${mention(refusal.user)} is already the *${refusal.role}*. Nothing was changed.`;
    case 'not_incident_channel':
      return ":information_source: This command works inside an incident channel. Run it in the incident's `inc-…` channel, or see `/incident list`.";
    case 'not_visible':
      return 'You cannot see that incident.';
    case 'review_required':
      return 'This severity needs a post-incident review before closing. Write it with `/incident review`, then `/incident close`. Nothing was changed.';
    case 'not_permitted': {
      const what = { resolve: 'resolve', close: 'close', cancel: 'cancel', reassign_commander: 'hand over command of' }[
        refusal.action
      ];
      return `:lock: Only the commander ${mention(refusal.commander)} (or a Firebreak admin) can ${what} this incident. Nothing was changed.`;
    }
    case 'duplicate_request':
      return 'That request was already handled; nothing was changed again.';
    case 'alert_group_held':
      return `:warning: This incident's alert is being handled in ${incidentRef(refusal.holder)} now, and an alert has one open incident at a time. Carry on there, or resolve it before reopening this one. Nothing was changed.`;
    case 'unknown_users':
      // Shown as plain ids: a mention of someone who is not here would be a broken link at best.
      return `I can't find ${refusal.users.map((u) => `\`${escapeMrkdwn(cut(u, 30))}\``).join(', ')} among the people of this workspace. Pick people from the @ menu. Nothing was changed.`;
  }
}

type OwnKind<FeatureRefusal extends { kind: string }> = Exclude<FeatureRefusal['kind'], SharedRefusal['kind']>;

/**
 * A feature's refusal text: its own sentence for each reason only it gives (the map must name them all), the
 * shared sentence for the rest.
 */
export function refusalTextWith<FeatureRefusal extends { kind: string }>(
  own: {
    [Kind in OwnKind<FeatureRefusal>]: (refusal: Extract<FeatureRefusal, { kind: Kind }>) => string;
  },
): (refusal: FeatureRefusal | SharedRefusal) => string {
  return (refusal) => {
    if (!Object.hasOwn(own, refusal.kind)) return refusalText(refusal as SharedRefusal);
    // The key is one of the feature's own kinds, so its describer takes this very refusal.
    const describe = own[refusal.kind as OwnKind<FeatureRefusal>] as (
      refusal: FeatureRefusal | SharedRefusal,
    ) => string;
    return describe(refusal);
  };
}

const USAGE: Record<UsageTopic, string> = {
  status: `\`/incident status [${SETTABLE_STATUSES.join('|')}] [message]\``,
  severity: `\`/incident severity <${SEVERITIES.join('|')}|1..4>\``,
  role: '`/incident role <commander|comms|scribe> @user`',
  invite: '`/incident invite @user [@user …]`',
  note: '`/incident note <text>`',
  timeline: '`/incident timeline [page]`',
  followup: '`/incident followup <text> [@owner] [due YYYY-MM-DD]`',
  list: '`/incident list`',
  stats:
    '`/incident stats [7d|30d|90d|all] [category] [type:<type>] [<field>:<option>]` (default 30d, all categories and types)',
  review: "`/incident review`, in the incident's channel",
  close: '`/incident close`, in the channel of the incident to close',
  followups: '`/incident followups`',
  catchup: '`/incident catchup`',
  subscribe: '`/incident subscribe`',
  unsubscribe: '`/incident unsubscribe`',
};

/** `roles`: the policy's role names, when it adds any to commander, comms and scribe. */
export function usageText(topic: UsageTopic, problem: UsageProblem, given?: string, roles?: readonly string[]): string {
  const shown = given ? ` \`${escapeMrkdwn(cut(given, 100))}\`` : '';
  const why: Record<UsageProblem, string> = {
    missing: 'Something is missing.',
    bad_value: `I don't understand${shown}.`,
    plain_mention: `${shown.trim()} is not a Slack mention: pick the person from the @ menu so Slack links them.`,
    extra: `Too much after the command${shown}.`,
    bad_date: `${shown.trim()} is not a date: write it as YYYY-MM-DD.`,
  };
  const usage =
    topic === 'role' && roles && roles.length > 3 ? `\`/incident role <${roles.join('|')}> @user\`` : USAGE[topic];
  return `${why[problem]} Usage: ${usage}`;
}

export function unknownCategoryText(given: string, categories: readonly string[]): string {
  return `There is no category \`${escapeMrkdwn(cut(given, 50))}\`. Pick one of: ${categories.join(', ')}. Usage: ${USAGE.stats}`;
}

export function unknownSubcommandText(word: string): string {
  return `I don't know \`${escapeMrkdwn(cut(word, 50))}\`. Here is what I can do:\n\n${HELP_TEXT}`;
}

export const DATABASE_DOWN_TEXT =
  ':warning: Firebreak cannot reach its database right now, so nothing was changed. Try again in a minute; if it persists, tell whoever runs Firebreak.';

export const HELP_TEXT = [
  '*Firebreak: run incidents from Slack*',
  '`/incident declare [title]`: declare an incident (opens a form)',
  '`/incident drill [title]`: declare a drill to rehearse a recovery plan (never announced, kept out of metrics)',
  '`/incident list`: open incidents you can see',
  '`/incident stats [7d|30d|90d|all] [category] [type:<type>] [<field>:<option>]`: incident figures you can see, with a chart by DM (only you see them; any channel)',
  '*In an incident channel*',
  '`/incident status`: show the status card',
  '`/incident catchup`: what someone joining late needs, only to you',
  `\`/incident status <${SETTABLE_STATUSES.join('|')}> [message]\`: move the incident`,
  '`/incident severity <SEV1..SEV4|1..4>`: change the severity',
  '`/incident role <commander|comms|scribe> @user`: assign a role, or one of the policy’s roles (the person gets their duties by DM)',
  '`/incident invite @user …`: bring people into the channel',
  '`/incident resolve [message]`: mark the incident resolved',
  '`/incident cancel [reason]`: cancel a false alarm (only from triage)',
  '`/incident update [text]`: post an update to the channel, stakeholders and subscribers',
  '`/incident subscribe` / `/incident unsubscribe`: get (or stop) updates by DM',
  '`/incident note <text>`: add a key note to the timeline',
  '`/incident timeline [page]`: show the key timeline',
  '`/incident review`: write the post-incident review (after resolve)',
  '`/incident close`: close a resolved incident and archive its channel; participants get a feedback form by DM',
  '`/incident followup <text> [@owner] [due YYYY-MM-DD]`: track a follow-up',
  '`/incident followups`: list follow-ups and mark them done',
  '`/incident page <service> [message]`: page the on-call through a configured service (`/incident page` lists them)',
  '`/incident help`: this help',
].join('\n');
