import { SEVERITIES } from '../../domain/severity';
import { STATUS_LABEL } from '../../domain/status';
import { cut } from '../../domain/text';
import type { AppRefusal } from '../refusals';
import { escapeMrkdwn, mention } from './mrkdwn';
import type { UsageProblem, UsageTopic } from './parse-command';
import { SETTABLE_STATUSES } from './parse-command';

/** The one place where a refusal becomes the sentence a person reads. */
export function refusalText(refusal: AppRefusal): string {
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
    case 'channel_create_failed':
      return `Slack could not create the incident channel (\`${escapeMrkdwn(refusal.error)}\`). Nothing was recorded; submit again to retry.`;
    case 'nothing_to_invite':
      return 'Mention at least one person to invite: `/incident invite @user …`.';
    case 'not_visible':
      return 'You cannot see that incident.';
    case 'not_offered': {
      const name = { status: 'status', severity: 'severity', next: 'next update time', plan: 'plan' }[refusal.field];
      return `That ${name} was not one of the choices offered (${refusal.offered.map((o) => `\`${escapeMrkdwn(o)}\``).join(', ')}). Pick one of them. Nothing was changed.`;
    }
    case 'message_not_recorded':
      return 'That message was posted before Firebreak was recording this channel, so it cannot be added to the timeline. Use `/incident note <text>` instead.';
    case 'review_too_early':
      return `The review is written after the incident is resolved; it is *${STATUS_LABEL[refusal.status]}* now. Resolve it first with \`/incident resolve\`.`;
    case 'review_published':
      return 'This review is already published, so it cannot be saved as a draft. Untick *Save as draft* and press *Publish again* to replace the document, or Cancel to keep it. Nothing was changed.';
    case 'review_required':
      return 'This severity needs a post-incident review before closing. Write it with `/incident review`, then `/incident close`. Nothing was changed.';
    case 'followup_not_found':
      // One answer for gone, elsewhere and private: a forged id learns nothing about the follow-up it names.
      return 'That follow-up is not one you can mark done here, or it no longer exists. Nothing was changed.';
    case 'not_permitted': {
      const what = { resolve: 'resolve', close: 'close', cancel: 'cancel', reassign_commander: 'hand over command of' }[
        refusal.action
      ];
      return `:lock: Only the commander ${mention(refusal.commander)} (or a Firebreak admin) can ${what} this incident. Nothing was changed.`;
    }
    case 'no_checklist':
      return 'This incident has no recovery checklist to tick.';
    case 'no_such_step':
      return `That step is not on this incident's checklist (it has ${refusal.steps} steps). Nothing was changed.`;
    case 'duplicate_request':
      return 'That request was already handled; nothing was changed again.';
    case 'feedback_not_asked':
      return 'Only the participants of that incident are asked for feedback when it closes, and you were not one of them (or that incident does not exist). Nothing was saved.';
    case 'unknown_users':
      // Shown as plain ids: a mention of someone who is not here would be a broken link at best.
      return `I can't find ${refusal.users.map((u) => `\`${escapeMrkdwn(cut(u, 30))}\``).join(', ')} among the people of this workspace. Pick people from the @ menu. Nothing was changed.`;
    case 'bad_action_item':
      return refusal.problem === 'bad_date'
        ? `Line ${refusal.line}: "${refusal.given}" is not a date; write due dates as YYYY-MM-DD.`
        : `Line ${refusal.line} has an owner or date but no action; say what should be done.`;
    // Both are shown as a form field's error, which Slack renders as plain text.
    case 'review_incomplete':
      return `A ${refusal.severity} review needs this answered before it is published. Tick "Save as draft" to keep what you wrote and finish later. Nothing was published.`;
    case 'unknown_owners':
      return [
        ...refusal.unknown.map((n) => `No one in this workspace goes by @${cut(n, 40)}.`),
        ...refusal.ambiguous.map(
          (ambiguous) =>
            `@${cut(ambiguous.name, 40)} could be ${ambiguous.matches
              .slice(0, 5)
              .map((m) => cut(m, 40))
              .join(' or ')}.`,
        ),
        'Name each owner by their Slack username or display name, e.g. @alice. Nothing was published.',
      ].join(' ');
  }
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
  stats: '`/incident stats [7d|30d|90d|all] [category]` (default 30d, all categories)',
  review: "`/incident review`, in the incident's channel",
  close: '`/incident close`, in the channel of the incident to close',
  followups: '`/incident followups`',
  subscribe: '`/incident subscribe`',
  unsubscribe: '`/incident unsubscribe`',
};

export function usageText(topic: UsageTopic, problem: UsageProblem, given?: string): string {
  const shown = given ? ` \`${escapeMrkdwn(cut(given, 100))}\`` : '';
  const why: Record<UsageProblem, string> = {
    missing: 'Something is missing.',
    bad_value: `I don't understand${shown}.`,
    plain_mention: `${shown.trim()} is not a Slack mention: pick the person from the @ menu so Slack links them.`,
    extra: `Too much after the command${shown}.`,
    bad_date: `${shown.trim()} is not a date: write it as YYYY-MM-DD.`,
  };
  return `${why[problem]} Usage: ${USAGE[topic]}`;
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
  '`/incident stats [7d|30d|90d|all] [category]`: incident figures you can see, with a chart by DM (only you see them; any channel)',
  '*In an incident channel*',
  '`/incident status`: show the status card',
  `\`/incident status <${SETTABLE_STATUSES.join('|')}> [message]\`: move the incident`,
  '`/incident severity <SEV1..SEV4|1..4>`: change the severity',
  '`/incident role <commander|comms|scribe> @user`: assign a role (the person gets their duties by DM)',
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
  '`/incident help`: this help',
].join('\n');
