import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ALERT_SOURCE_KINDS, DECLARE_MODES, DEFAULT_ALERT_SEVERITIES } from '../../domain/alerts';
import { parseDuration } from '../../domain/duration';
import { FIELD_KINDS } from '../../domain/incident';
import type { TicketsPolicy } from '../../domain/integrations';
import type { PagingPolicy } from '../../domain/paging';
import {
  type CustomField,
  DEFAULT_POLICY,
  type IncidentType,
  type Policy,
  type SeverityPolicy,
} from '../../domain/policy';
import { SEVERITIES, type Severity } from '../../domain/severity';
import { endpointNameOf, WEBHOOK_EVENTS } from '../../domain/webhooks';

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; write it like 45s, 30m, 4h or 2d` });
    return z.NEVER;
  }
  if (ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `must be longer than zero, got "${value}"` });
    return z.NEVER;
  }
  return ms;
});

const channel = z
  .string()
  .trim()
  .regex(/^(#[a-z0-9_-]{1,80}|[CG][A-Z0-9]{2,})$/, 'must be a channel ID like C0123ABCD or a #channel-name');

const severityPolicy = z
  .object({
    updateEvery: duration.optional(),
    stakeholderUpdateEvery: duration.nullable().optional(),
    reviewRequired: z.boolean().optional(),
  })
  .strict();

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be Slack user IDs like U0123ABCD');
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const link = z.object({ title: z.string().trim().min(1).max(150), url }).strict();

const plan = z
  .object({
    title: z.string().trim().min(1).max(150),
    url,
    steps: z.array(z.string().trim().min(1).max(300)).min(1).max(50),
    owners: z.array(userId).optional(),
  })
  .strict();

const guide = z
  .object({ runbook: link.nullable().optional(), plan: z.string().trim().min(1).nullable().optional() })
  .strict();

const drill = z.object({ plan: z.string().trim().min(1), every: duration }).strict();

const alertSource = z
  .object({
    kind: z.enum(ALERT_SOURCE_KINDS),
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable, like ALERTMANAGER_SECRET'),
    severityLabel: z.string().trim().min(1).optional(),
    severities: z.record(z.string().trim().min(1), z.enum(SEVERITIES)).optional(),
    categoryLabel: z.string().trim().min(1).nullable().optional(),
    declare: z.enum(DECLARE_MODES).optional(),
  })
  .strict();

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable, like PAGERDUTY_KEY');
const responder = z
  .object({
    type: z.enum(['team', 'user', 'escalation', 'schedule']),
    id: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.id || r.name || r.username, 'needs an id, a name or a username');
const pagingService = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pagerduty'), routingKeyEnv: envName }).strict(),
  z
    .object({ kind: z.literal('opsgenie'), apiKeyEnv: envName, responders: z.array(responder).max(50).optional() })
    .strict(),
]);
const pagingRule = z
  .object({
    severities: z.array(z.enum(SEVERITIES)).min(1),
    categories: z.array(z.string().trim().min(1)).min(1).optional(),
    page: z.array(z.string()).min(1),
  })
  .strict();
const paging = z
  .object({
    services: z.record(
      z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'service names are lowercase letters, digits, - and _'),
      pagingService,
    ),
    rules: z.array(pagingRule).optional(),
  })
  .strict();
const webhook = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'webhook names are lowercase letters, digits, - and _')
      .optional(),
    url,
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable'),
    events: z.union([z.literal('*'), z.array(z.enum([...WEBHOOK_EVENTS, '*'])).min(1)]),
    includePrivate: z.boolean().optional(),
  })
  .strict()
  .transform((w) => ({
    name: w.name ?? endpointNameOf(w.url),
    url: w.url,
    secretEnv: w.secretEnv,
    events: w.events === '*' || w.events.includes('*') ? ('*' as const) : w.events.filter((e) => e !== '*'),
    includePrivate: w.includePrivate ?? false,
  }));

const labels = z.array(z.string().regex(/^[^\s,]{1,100}$/, 'a label is one word (no spaces or commas)')).max(20);

const ticketsCommon = {
  labels: labels.optional(),
  webhookSecretEnv: envName.optional(),
  reconcileEvery: duration.optional(),
  includePrivate: z.boolean().optional(),
};

const tickets = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('jira'),
      baseUrl: url,
      project: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'must be a Jira project key like OPS'),
      issueType: z.string().trim().min(1).max(60).optional(),
      emailEnv: envName,
      tokenEnv: envName,
      ...ticketsCommon,
    })
    .strict(),
  z
    .object({
      kind: z.literal('github'),
      repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name'),
      tokenEnv: envName,
      apiUrl: url.optional(),
      ...ticketsCommon,
    })
    .strict(),
]);

const statusPage = z
  .object({
    pageId: z.string().regex(/^[a-z0-9]{6,32}$/, 'must be a Statuspage page id'),
    apiKeyEnv: envName,
    components: z.record(z.string(), z.array(z.string().regex(/^[a-z0-9]{6,32}$/, 'must be component ids'))).optional(),
  })
  .strict();

const reviewExport = z
  .object({
    kind: z.literal('confluence'),
    baseUrl: url,
    spaceId: z.string().regex(/^\d+$/, 'must be a Confluence space id (a number)'),
    parentId: z.string().regex(/^\d+$/, 'must be a Confluence page id (a number)').optional(),
    emailEnv: envName,
    tokenEnv: envName,
  })
  .strict();

const customField = z
  .object({
    label: z.string().trim().min(1).max(75),
    kind: z.enum(FIELD_KINDS),
    required: z.boolean().optional(),
    options: z.array(z.string().trim().min(1).max(75)).min(1).max(100).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const choice = f.kind === 'select' || f.kind === 'multi_select';
    if (choice && !f.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${f.kind} field needs options` });
    if (!choice && f.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `only select and multi_select fields take options` });
    if (f.options && new Set(f.options).size !== f.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must differ from each other' });
  });

const incidentType = z
  .object({
    private: z.boolean().optional(),
    announcementChannel: channel.nullable().optional(),
    severities: z.partialRecord(z.enum(SEVERITIES), severityPolicy).optional(),
    fields: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'field keys are lowercase letters, digits and _ (a letter first)'),
        customField,
      )
      .optional(),
  })
  .strict()
  .refine((t) => Object.keys(t.fields ?? {}).length <= 20, { message: 'at most 20 fields', path: ['fields'] });

const policyFile = z
  .object({
    announcementChannel: channel.nullable().optional(),
    stakeholderChannel: channel.nullable().optional(),
    severities: z.partialRecord(z.enum(SEVERITIES), severityPolicy.nullable()).optional(),
    categories: z.array(z.string().trim().min(1).max(75)).min(1).max(100).optional(),
    reviewReminderAfter: duration.optional(),
    schedulerTick: duration.optional(),
    admins: z.array(userId).optional(),
    adminGroup: z
      .string()
      .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID like S0123ABCD')
      .nullable()
      .optional(),
    plans: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'plan ids are lowercase letters, digits, - and _'), plan)
      .optional(),
    recovery: z.record(z.string(), guide).optional(),
    drills: z.array(drill).optional(),
    alertSources: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'source names are lowercase letters, digits, - and _'),
        alertSource,
      )
      .optional(),
    paging: paging.optional(),
    webhooks: z.array(webhook).optional(),
    tickets: tickets.nullable().optional(),
    statusPage: statusPage.nullable().optional(),
    reviewExport: reviewExport.nullable().optional(),
    roles: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'role names are lowercase letters, digits, - and _ (a letter first)'),
        z.object({ duties: z.string().trim().min(1).max(1500) }).strict(),
      )
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 roles')
      .optional(),
    types: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'type names are lowercase letters, digits, - and _ (a letter first)'),
        incidentType,
      )
      .refine((t) => Object.keys(t).length >= 1 && Object.keys(t).length <= 50, 'between 1 and 50 types')
      .optional(),
  })
  .strict()
  .superRefine((policy, ctx) => {
    // Dangling references would only show up mid-incident; refuse them at start-up instead.
    const plans = new Set(Object.keys(policy.plans ?? {}));
    const categories = new Set(policy.categories ?? DEFAULT_POLICY.categories);
    for (const [category, g] of Object.entries(policy.recovery ?? {})) {
      if (!categories.has(category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['recovery', category],
          message: `"${category}" is not one of categories`,
        });
      }
      if (g.plan && !plans.has(g.plan)) {
        ctx.addIssue({ code: 'custom', path: ['recovery', category, 'plan'], message: `no plan "${g.plan}" in plans` });
      }
    }
    const names = (policy.webhooks ?? []).map((w) => w.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index)
        ctx.addIssue({
          code: 'custom',
          path: ['webhooks', index, 'name'],
          message: `two webhooks are named "${name}"`,
        });
    });
    (policy.drills ?? []).forEach((drill, index) => {
      if (!plans.has(drill.plan))
        ctx.addIssue({ code: 'custom', path: ['drills', index, 'plan'], message: `no plan "${drill.plan}" in plans` });
    });
    const services = new Set(Object.keys(policy.paging?.services ?? {}));
    (policy.paging?.rules ?? []).forEach((rule, index) => {
      for (const name of rule.page)
        if (!services.has(name))
          ctx.addIssue({
            code: 'custom',
            path: ['paging', 'rules', index, 'page'],
            message: `no service "${name}" in paging.services`,
          });
      for (const category of rule.categories ?? [])
        if (!categories.has(category))
          ctx.addIssue({
            code: 'custom',
            path: ['paging', 'rules', index, 'categories'],
            message: `"${category}" is not one of categories`,
          });
    });
    for (const category of Object.keys(policy.statusPage?.components ?? {}))
      if (!categories.has(category))
        ctx.addIssue({
          code: 'custom',
          path: ['statusPage', 'components', category],
          message: `"${category}" is not one of categories`,
        });
  });

export class PolicyError extends Error {}

/** Every key is optional; missing ones take the defaults so a one-line file works. */
export function parsePolicy(source: string, origin = 'policy file'): Policy {
  let raw: unknown;
  try {
    raw = parseYaml(source) ?? {};
  } catch (e) {
    throw new PolicyError(`${origin}: not valid YAML: ${(e as Error).message}`);
  }
  const parsed = policyFile.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(top level)';
      const msg = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
      return `  ${key}: ${msg}`;
    });
    throw new PolicyError(`${origin} is invalid:\n${lines.join('\n')}`);
  }
  const p = parsed.data;
  const severities = { ...DEFAULT_POLICY.severities };
  for (const sev of SEVERITIES) {
    const given = p.severities?.[sev];
    if (given) severities[sev] = mergeSeverity(severities[sev], given, sev);
  }
  return {
    announcementChannel:
      p.announcementChannel === undefined ? DEFAULT_POLICY.announcementChannel : p.announcementChannel,
    stakeholderChannel: p.stakeholderChannel === undefined ? DEFAULT_POLICY.stakeholderChannel : p.stakeholderChannel,
    severities,
    categories: p.categories ?? DEFAULT_POLICY.categories,
    reviewReminderAfter: p.reviewReminderAfter ?? DEFAULT_POLICY.reviewReminderAfter,
    schedulerTick: p.schedulerTick ?? DEFAULT_POLICY.schedulerTick,
    admins: p.admins ?? DEFAULT_POLICY.admins,
    adminGroup: p.adminGroup ?? DEFAULT_POLICY.adminGroup,
    plans: Object.entries(p.plans ?? {}).map(([id, v]) => ({
      id,
      title: v.title,
      url: v.url,
      steps: v.steps,
      owners: v.owners ?? [],
    })),
    recovery: Object.fromEntries(
      Object.entries(p.recovery ?? {}).map(([category, g]) => [
        category,
        { runbook: g.runbook ?? null, plan: g.plan ?? null },
      ]),
    ),
    drills: p.drills ?? DEFAULT_POLICY.drills,
    alertSources: Object.entries(p.alertSources ?? {}).map(([name, v]) => ({
      name,
      kind: v.kind,
      secretEnv: v.secretEnv,
      severityLabel: v.severityLabel ?? 'severity',
      // Label values are matched regardless of case; a value given overrides the default's.
      severities: {
        ...DEFAULT_ALERT_SEVERITIES,
        ...Object.fromEntries(Object.entries(v.severities ?? {}).map(([value, sev]) => [value.toLowerCase(), sev])),
      },
      categoryLabel: v.categoryLabel ?? null,
      declare: v.declare ?? 'ask',
    })),
    paging: p.paging ? pagingOf(p.paging) : DEFAULT_POLICY.paging,
    webhooks: p.webhooks ?? DEFAULT_POLICY.webhooks,
    tickets: p.tickets ? ticketsOf(p.tickets) : null,
    statusPage: p.statusPage ? { ...p.statusPage, components: p.statusPage.components ?? {} } : null,
    reviewExport: p.reviewExport ? { ...p.reviewExport, parentId: p.reviewExport.parentId ?? null } : null,
    types: Object.entries(p.types ?? {}).map(([name, t]) => typeOf(name, t, severities)),
    // commander, comms and scribe stay, first and in that order; the policy may reword their duties.
    roles: [
      ...DEFAULT_POLICY.roles.map((r) => ({ name: r.name, duties: p.roles?.[r.name]?.duties ?? r.duties })),
      ...Object.entries(p.roles ?? {})
        .filter(([name]) => !DEFAULT_POLICY.roles.some((r) => r.name === name))
        .map(([name, r]) => ({ name, duties: r.duties })),
    ],
  };
}

function typeOf(name: string, t: z.output<typeof incidentType>, base: Record<Severity, SeverityPolicy>): IncidentType {
  const severities = { ...base };
  for (const sev of SEVERITIES) {
    const given = t.severities?.[sev];
    if (given) severities[sev] = mergeSeverity(base[sev], given, sev);
  }
  const fields: CustomField[] = Object.entries(t.fields ?? {}).map(([key, f]) => ({
    key,
    label: f.label,
    kind: f.kind,
    required: f.required ?? false,
    options: f.options ?? [],
  }));
  return {
    name,
    severities,
    private: t.private ?? false,
    ...(t.announcementChannel === undefined ? {} : { announcementChannel: t.announcementChannel }),
    fields,
  };
}

const DEFAULT_RECONCILE_EVERY = 15 * 60_000;

function ticketsOf(t: z.output<typeof tickets>): TicketsPolicy {
  const common = {
    labels: t.labels ?? [],
    webhookSecretEnv: t.webhookSecretEnv ?? null,
    reconcileEvery: t.reconcileEvery ?? DEFAULT_RECONCILE_EVERY,
    includePrivate: t.includePrivate ?? false,
  };
  return t.kind === 'jira'
    ? {
        ...common,
        kind: 'jira',
        baseUrl: t.baseUrl.replace(/\/+$/, ''),
        project: t.project,
        issueType: t.issueType ?? 'Task',
        emailEnv: t.emailEnv,
        tokenEnv: t.tokenEnv,
      }
    : {
        ...common,
        kind: 'github',
        repo: t.repo,
        tokenEnv: t.tokenEnv,
        apiUrl: (t.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
      };
}

function pagingOf(p: z.output<typeof paging>): PagingPolicy {
  return {
    services: Object.entries(p.services).map(([name, s]) =>
      s.kind === 'pagerduty'
        ? { name, kind: 'pagerduty', routingKeyEnv: s.routingKeyEnv }
        : { name, kind: 'opsgenie', apiKeyEnv: s.apiKeyEnv, responders: s.responders ?? [] },
    ),
    rules: (p.rules ?? []).map((r) => ({ severities: r.severities, categories: r.categories ?? null, page: r.page })),
  };
}

function mergeSeverity(
  base: SeverityPolicy,
  given: { updateEvery?: number; stakeholderUpdateEvery?: number | null; reviewRequired?: boolean },
  _sev: Severity,
): SeverityPolicy {
  return {
    updateEvery: given.updateEvery ?? base.updateEvery,
    stakeholderUpdateEvery:
      given.stakeholderUpdateEvery === undefined ? base.stakeholderUpdateEvery : given.stakeholderUpdateEvery,
    reviewRequired: given.reviewRequired ?? base.reviewRequired,
  };
}

export function loadPolicyFile(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PolicyError(
      `CONFIG_FILE: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parsePolicy(source, `policy file ${path}`);
}
