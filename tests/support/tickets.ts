import { FakeJira } from '@firebreak/service-fakes';
import type { TicketsPolicy } from '../../src/domain/integrations';
import { HOME_FOLLOWUP_DONE_BUTTON } from '../../src/features/home/home.ids';
import type { Harness, HarnessOptions } from './harness';

export const JIRA_EMAIL = 'firebreak-bot@example.com';
export const JIRA_TOKEN = 'ATATT3xFfGF0-jira-api-token';
export const JIRA_HOOK_SECRET = 'jira-webhook-shared-secret';

/** The emulator's workspace (team id), part of every ticket's labels. */
export const markerOf = (followupId: number) => `firebreak-fu-T0001-${followupId}`;
export const incidentLabelOf = (n: number) => `firebreak-T0001-INC-${n}`;

export interface JiraFake {
  jira: FakeJira;
  tickets: TicketsPolicy;
  /** What a harness needs to make tickets there. */
  options: Pick<HarnessOptions, 'policy' | 'env'>;
  /** Points the fake's issue webhooks at the bot (signed with the policy's secret). */
  hookInto(h: Harness): void;
  stop(): Promise<void>;
}

/** Jira with project OPS (Task), Firebreak's account, and Alice as a Jira user (found by her Slack email). */
export async function startJira(opts: { includePrivate?: boolean } = {}): Promise<JiraFake> {
  const jira = new FakeJira()
    .addAccount(JIRA_EMAIL, JIRA_TOKEN)
    .addProject('OPS', ['Task'])
    .addUser({ accountId: '5b10a2844c20165700ede21g', email: 'alice@example.com', displayName: 'Alice Archer' });
  await jira.start();
  const tickets: TicketsPolicy = {
    kind: 'jira',
    baseUrl: jira.url,
    project: 'OPS',
    issueType: 'Task',
    emailEnv: 'JIRA_EMAIL',
    tokenEnv: 'JIRA_TOKEN',
    labels: ['from incident'],
    webhookSecretEnv: 'JIRA_WEBHOOK_SECRET',
    reconcileEvery: 15 * 60_000,
    includePrivate: opts.includePrivate ?? false,
  };
  return {
    jira,
    tickets,
    options: {
      policy: { tickets },
      env: { JIRA_EMAIL, JIRA_TOKEN, JIRA_WEBHOOK_SECRET: JIRA_HOOK_SECRET },
    },
    hookInto: (h) => jira.sendWebhooksTo(`http://127.0.0.1:${h.bot.port}/hooks/tickets/jira`, JIRA_HOOK_SECRET),
    stop: () => jira.stop(),
  };
}

/** Done on the follow-up in `user`'s Home tab (the Done in Slack that closes its ticket); waits for the bot after. */
export async function doneFromHome(h: Harness, user: string, followupId: number): Promise<void> {
  await h.emulator.openAppHome(user);
  await h.bot.idle();
  const res = await h.emulator.clickHomeButton({
    user,
    actionId: HOME_FOLLOWUP_DONE_BUTTON,
    value: String(followupId),
  });
  expect(res.status).toBe(200);
  await h.bot.idle();
}

/** The follow-up of `text` in an incident, as stored. */
export const followupRow = (h: Harness, incidentId: number, text: string) =>
  h.db
    .selectFrom('followups')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('text', '=', text)
    .executeTakeFirstOrThrow();
