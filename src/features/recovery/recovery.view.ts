import type { KnownBlock } from '@slack/types';
import { type Incident, incidentRef } from '../../domain/incident';
import type { OfferedGuide, StepDone } from '../../domain/recovery';
import type { Notice } from '../../kernel/outbox/notice';
import type { Message } from '../../kernel/slack/incident-card.view';
import { escapeMrkdwn, mention, safeText, slackDate } from '../../kernel/slack/mrkdwn';
import { RECOVERY_STEP_BUTTON } from './recovery.ids';

// Slack allows 50 blocks in a message: two for the heading, the rest for steps.
const MAX_STEPS = 45;

const link = (url: string, title: string) =>
  `<${url.replace(/[<>|]/g, '')}|${escapeMrkdwn(title).replace(/[|]/g, '')}>`;
const when = slackDate;

/** The plan as a checklist: an open step has a Done button, a done one says who marked it done and when. */
export function checklistMessage(incident: Incident, guide: OfferedGuide, doneSteps: readonly StepDone[]): Message {
  const lines = [`:clipboard: *Recovery guide for ${incidentRef(incident.number)}*`];
  if (guide.runbook) lines.push(`Runbook: ${link(guide.runbook.url, guide.runbook.title)}`);
  if (guide.plan)
    lines.push(
      `DR plan: ${link(guide.plan.url, guide.plan.title)}${guide.plan.steps.length ? ' · tick each step when it is done' : ''}`,
    );
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }];
  const steps = guide.plan?.steps ?? [];
  steps.slice(0, MAX_STEPS).forEach((text, index) => {
    const n = index + 1;
    const done = doneSteps.find((step) => step.step === n);
    const label = `${n}. ${safeText(text, 500)}`;
    blocks.push(
      done
        ? {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:white_check_mark: ~${label}~\n_Done by ${mention(done.by)} at ${when(done.at)}_`,
            },
          }
        : {
            type: 'section',
            text: { type: 'mrkdwn', text: `:white_large_square: ${label}` },
            accessory: {
              type: 'button',
              action_id: RECOVERY_STEP_BUTTON,
              value: String(n),
              text: { type: 'plain_text', text: 'Done' },
            },
          },
    );
  });
  if (steps.length > MAX_STEPS)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${steps.length - MAX_STEPS} more steps in the plan.` }],
    });
  const doneCount = doneSteps.length;
  return {
    text: `Recovery guide for ${incidentRef(incident.number)}: ${doneCount}/${steps.length} steps done`,
    blocks,
  };
}

/** The DM to a plan owner when a drill of the plan is due. */
export function drillDueMessage(notice: Extract<Notice, { type: 'drill_due' }>): Message {
  const last = notice.lastDrillAt
    ? `It was last exercised on ${when(notice.lastDrillAt)}`
    : 'It has never been exercised with Firebreak';
  const text =
    `:test_tube: A drill of the recovery plan *${escapeMrkdwn(notice.plan.title)}* (\`${escapeMrkdwn(notice.plan.id)}\`) is due (since ${when(notice.due)}). ${last}.\n` +
    `You own this plan: run a drill with \`/incident drill [title]\` and pick *${escapeMrkdwn(notice.plan.title)}* as the Plan. ` +
    'It runs like an incident, is never announced, and its checklist is posted in the drill channel. I will remind you again in a week while it is overdue.';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
