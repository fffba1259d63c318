import { slackChannelUrl } from '../../domain/incident';
import {
  OPSGENIE_PRIORITY,
  type OpsgenieResponder,
  PAGERDUTY_SEVERITY,
  type PagingService,
  pageKey,
} from '../../domain/paging';
import { cut } from '../../domain/text';
import { callService } from '../../kernel/outbound/service-call';
import type { PageContent, Pager } from './paging.ports';

export interface PagerOptions {
  /** Slack team id: part of every page's key, so two workspaces on one PagerDuty account never fold together. */
  workspace: string;
  pagerdutyEventsUrl: string;
  opsgenieApiUrl: string;
  /** Each service's routing key or API key, by service name (read from the environment at start). */
  keys: Record<string, string>;
  timeoutMs?: number;
}

const SOURCE = 'Firebreak';

/** The words a page may carry as its title (see PageContent): a private incident's own title never leaves Slack. */
const pageTitle = (incident: PageContent['incident']): string =>
  incident.isPrivate
    ? `Private incident INC-${incident.number}${incident.severity ? ` (${incident.severity})` : ''}: details in Slack`
    : incident.title;

/** Events API v2 trigger (limits from the spec: summary ≤ 1024, dedup_key ≤ 255). */
export function pagerdutyTrigger(routingKey: string, workspace: string, page: PageContent) {
  const { incident } = page;
  const link = slackChannelUrl(workspace, incident.channelId);
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: pageKey(workspace, incident.number),
    payload: {
      summary: cut(pageTitle(incident), 1024),
      source: `firebreak/${workspace}`,
      // An incident without a severity yet is paged by hand: someone thinks it matters, not that it is critical.
      severity: incident.severity ? PAGERDUTY_SEVERITY[incident.severity] : ('warning' as const),
      custom_details: {
        incident: `INC-${incident.number}`,
        severity: incident.severity ?? 'none',
        channel: link,
        paged_by: page.actor,
        ...(page.message ? { message: page.message } : {}),
      },
    },
    client: SOURCE,
    client_url: link,
    links: [{ href: link, text: `INC-${incident.number} in Slack` }],
  };
}

export const pagerdutyResolve = (routingKey: string, workspace: string, incidentNumber: number) => ({
  routing_key: routingKey,
  event_action: 'resolve' as const,
  dedup_key: pageKey(workspace, incidentNumber),
});

/** Alert API create (limits from the docs: message ≤ 130, description ≤ 15000). */
export function opsgenieCreate(responders: OpsgenieResponder[], workspace: string, page: PageContent) {
  const { incident } = page;
  const link = slackChannelUrl(workspace, incident.channelId);
  const description = [`INC-${incident.number}: ${pageTitle(incident)}`, `Slack: ${link}`, page.message ?? '']
    .filter(Boolean)
    .join('\n');
  return {
    message: cut(pageTitle(incident), 130),
    alias: pageKey(workspace, incident.number),
    description: cut(description, 15000),
    priority: incident.severity ? OPSGENIE_PRIORITY[incident.severity] : ('P3' as const),
    ...(responders.length ? { responders } : {}),
    details: { incident: `INC-${incident.number}`, severity: incident.severity ?? 'none', channel: link },
    source: SOURCE,
    user: cut(page.actor, 100),
  };
}

/** Calls PagerDuty's Events API v2 and Opsgenie's Alert API; a refused or failed call throws ServiceCallError. */
export class HttpPager implements Pager {
  constructor(private readonly options: PagerOptions) {}

  async trigger(service: PagingService, page: PageContent): Promise<void> {
    const { workspace } = this.options;
    if (service.kind === 'pagerduty')
      await this.pagerduty(service, pagerdutyTrigger(this.key(service), workspace, page));
    else await this.opsgenie(service, '/v2/alerts', opsgenieCreate(service.responders, workspace, page));
  }

  async resolve(service: PagingService, incidentNumber: number): Promise<void> {
    const { workspace } = this.options;
    if (service.kind === 'pagerduty')
      await this.pagerduty(service, pagerdutyResolve(this.key(service), workspace, incidentNumber));
    else {
      const alias = encodeURIComponent(pageKey(workspace, incidentNumber));
      await this.opsgenie(service, `/v2/alerts/${alias}/close?identifierType=alias`, {
        source: SOURCE,
        note: `INC-${incidentNumber} was resolved in Firebreak.`,
      });
    }
  }

  private key(service: PagingService): string {
    const key = this.options.keys[service.name];
    // readPagingKeys refuses to start without every key, so this is a wiring mistake.
    if (!key) throw new Error(`no key for paging service ${service.name}`);
    return key;
  }

  private pagerduty(service: PagingService, body: unknown) {
    return callService(`pagerduty:${service.name}`, {
      method: 'POST',
      url: `${this.options.pagerdutyEventsUrl}/v2/enqueue`,
      body,
      timeoutMs: this.options.timeoutMs,
    });
  }

  private opsgenie(service: PagingService, path: string, body: unknown) {
    return callService(`opsgenie:${service.name}`, {
      method: 'POST',
      url: `${this.options.opsgenieApiUrl}${path}`,
      headers: { authorization: `GenieKey ${this.key(service)}` },
      body,
      timeoutMs: this.options.timeoutMs,
    });
  }
}
