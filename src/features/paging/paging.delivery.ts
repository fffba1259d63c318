import type { Incident } from '../../domain/incident';
import { type PagingService, PROVIDER_NAME } from '../../domain/paging';
import type { Clock } from '../../kernel/clock';
import { refusalLine, refusedForGood, type ServiceCallError } from '../../kernel/outbound/service-call';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import type { PageOutcome, Pager, PagingRepositories } from './paging.ports';
import { pagedMessage, refusedMessage } from './paging.view';

export interface PagingDeliveryDeps extends DeliveryDeps<PagingRepositories> {
  pager: Pager;
  clock: Clock;
  countPage: (service: string, outcome: PageOutcome) => void;
}

/** The notice a step belongs to, from its step key (`fb-notice-<id>-<step>`): the same on every retry and replica. */
const noticeOf = (stepKey: string): string => stepKey.replace(/-\d+$/, '');

/** What a refusing service said, in a line: PagerDuty's `message` and `errors`, Opsgenie's `message`. */
export const refusalOf = (error: ServiceCallError): string =>
  refusalLine(error, (body) => {
    const errors = Array.isArray(body.errors)
      ? body.errors.map(String)
      : body.errors && typeof body.errors === 'object'
        ? Object.entries(body.errors).map(([k, v]) => `${k}: ${String(v)}`)
        : [];
    return [typeof body.message === 'string' ? body.message : '', ...errors].filter(Boolean).join(': ');
  });

export function pagingDeliveries(deps: PagingDeliveryDeps): Pick<NoticeDeliveries, 'page_requested' | 'page_resolved'> {
  const { uow, client, pager, log, countPage } = deps;
  /** A service the policy no longer names (it changed since the notice was written) is left alone. */
  const serviceOf = (name: string, incident: Incident): PagingService | undefined => {
    const found = deps.policy.paging.services.find((s) => s.name === name);
    if (!found)
      log.warn('A page names a service no longer configured; skipped', { service: name, incident: incident.number });
    return found;
  };
  return {
    page_requested: (notice) => {
      const { incident } = notice;
      return [
        step(`page ${notice.service}`, async (ctx) => {
          const service = serviceOf(notice.service, incident);
          if (!service) return;
          const token = noticeOf(ctx.key);
          const row = await uow.pages.get(incident.id, service.name);
          // A rule pages a service once per incident; a person asks on purpose, and the key folds it into the open alert.
          if (notice.automatic && row?.open && row.notice !== token) {
            countPage(service.name, 'already_paged');
            return;
          }
          // This notice's page was settled before a crash or a lost lease cut the step short: not sent again.
          if (row?.notice === token && (row.pagedAt !== null || row.refused !== null)) return;
          if (row?.notice !== token) await uow.pages.claim(incident.id, service.name, token);
          try {
            await pager.trigger(service, { incident, actor: notice.actor, message: notice.message });
          } catch (e) {
            if (!refusedForGood(e)) {
              countPage(service.name, 'retried');
              throw e;
            }
            const why = refusalOf(e);
            log.warn(`${PROVIDER_NAME[service.kind]} refused a page; not retried`, {
              service: service.name,
              incident: incident.number,
              status: e.status,
            });
            await uow.pages.refused(incident.id, service.name, token, why);
            countPage(service.name, 'refused');
            return;
          }
          await uow.pages.accepted(incident.id, service.name, token, deps.clock.now());
          countPage(service.name, 'sent');
        }),
        step(`tell the channel of ${notice.service}'s page`, async (ctx) => {
          const service = serviceOf(notice.service, incident);
          if (!service) return;
          const token = noticeOf(ctx.key);
          const row = await uow.pages.get(incident.id, service.name);
          if (!row || row.notice !== token) return;
          const channel = incident.channelId;
          if (row.refused !== null) {
            await postOnce(client, { channel, ...refusedMessage(service, row.refused) }, ctx);
            return;
          }
          const pagedAt = row.pagedAt;
          if (!pagedAt) return;
          await uow.transaction(async (tx) => {
            if (!(await tx.pages.markRecorded(incident.id, service.name, token))) return;
            await tx.incidents.addEvent(incident.id, {
              change: {
                kind: 'paged',
                service: service.name,
                provider: PROVIDER_NAME[service.kind],
                automatic: notice.automatic,
                message: notice.message,
              },
              actor: notice.actor,
              at: pagedAt,
            });
          });
          const message = pagedMessage(service, { ...notice, severity: incident.severity, pagedAt });
          await postOnce(client, { channel, ...message }, ctx);
        }),
      ];
    },
    page_resolved: (notice) => [
      step(`resolve ${notice.service}'s page`, async () => {
        const service = serviceOf(notice.service, notice.incident);
        if (!service) return;
        const row = await uow.pages.get(notice.incident.id, service.name);
        if (!row?.open) return;
        try {
          await pager.resolve(service, notice.incident.number);
          countPage(service.name, 'resolved');
        } catch (e) {
          if (!refusedForGood(e)) {
            countPage(service.name, 'retried');
            throw e;
          }
          log.warn(`${PROVIDER_NAME[service.kind]} refused to resolve a page`, {
            service: service.name,
            incident: notice.incident.number,
            status: e.status,
          });
          countPage(service.name, 'resolve_refused');
        }
        await uow.pages.close(notice.incident.id, service.name);
      }),
    ],
  };
}
