import type { Clock } from '../../kernel/clock';
import { refusalLine, refusedForGood, ServiceCallError } from '../../kernel/outbound/service-call';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import { wikiPageTitle } from './review-export';
import type { ReviewExportRepositories, Wiki, WikiPage } from './review-export.ports';
import { wikiPageMessage, wikiRefusedMessage, wikiWithheldMessage } from './review-export.view';
import { toStorageFormat } from './storage-format';

export interface ReviewExportDeliveryDeps extends DeliveryDeps<ReviewExportRepositories> {
  /** Undefined when the policy names no wiki (no notice of this kind is written then). */
  wiki: Wiki | undefined;
  /** Slack team id: part of every page's title. */
  workspace: string;
  clock: Clock;
}

/** How often a stale version (409: someone edited the page meanwhile) is read again and retried within one try. */
const CONFLICT_RETRIES = 3;

/** The notice a step belongs to, from its step key (`fb-notice-<id>-<step>`): the same on every retry and replica. */
const noticeOf = (stepKey: string): string => stepKey.replace(/-\d+$/, '');

/** What Confluence said when it refused, in a line: v2's `errors[].title`, v1's `message`. */
export const wikiRefusalOf = (error: ServiceCallError): string =>
  refusalLine(error, (body) =>
    [
      ...(Array.isArray(body.errors)
        ? body.errors.map((e: { title?: unknown; detail?: unknown } | null) =>
            [e?.title, e?.detail].filter(Boolean).join(': '),
          )
        : []),
      typeof body.message === 'string' ? body.message : '',
    ]
      .filter(Boolean)
      .join('; '),
  );

export function reviewExportDeliveries(deps: ReviewExportDeliveryDeps): Pick<NoticeDeliveries, 'review_exported'> {
  const { uow, client, wiki, log, clock } = deps;

  /** Puts `body` on `page` unless it holds it already; a stale version is read again and the update retried. */
  async function update(page: WikiPage, title: string, body: string): Promise<WikiPage> {
    let current = page;
    for (let attempt = 0; ; attempt++) {
      // An earlier try whose answer was lost may have written it: nothing to add, and no empty version.
      if (current.body === body && current.title === title) return current;
      try {
        return await wiki!.update(current.id, { title, body, version: current.version + 1 });
      } catch (e) {
        if (!(e instanceof ServiceCallError && e.status === 409) || attempt + 1 >= CONFLICT_RETRIES) {
          // Conflicts that keep coming are someone editing right now: tried again later, not given up.
          if (e instanceof ServiceCallError && e.status === 409)
            throw new ServiceCallError(e.service, { transient: true, code: 'http_409' }, 409, e.body);
          throw e;
        }
        const fresh = await wiki!.get(current.id);
        if (!fresh) throw e;
        current = fresh;
      }
    }
  }

  return {
    review_exported: (notice) => {
      const { incident } = notice;
      return [
        step('publish the review to the wiki', async (ctx) => {
          if (!wiki) return;
          const token = noticeOf(ctx.key);
          const row = await uow.wikiPages.get(incident.id);
          // Settled before a crash or a lost lease cut the step short: not sent again.
          if (row?.notice === token) return;
          if (incident.isPrivate) {
            await uow.wikiPages.withheld(incident.id, token, clock.now());
            return;
          }
          const title = wikiPageTitle(deps.workspace, incident);
          const body = toStorageFormat(notice.document);
          try {
            // The stored page first; else one an earlier try made before its answer was lost; else a new one.
            const known = (row?.pageId ? await wiki.get(row.pageId) : undefined) ?? (await wiki.findByTitle(title));
            const page = known ? await update(known, title, body) : await wiki.create({ title, body });
            await uow.wikiPages.published(incident.id, token, page, clock.now());
          } catch (e) {
            if (!refusedForGood(e)) throw e;
            log.warn('Confluence refused the review page; not retried', {
              incident: incident.number,
              status: e.status,
            });
            await uow.wikiPages.refused(incident.id, token, wikiRefusalOf(e), clock.now());
          }
        }),
        step('tell the channel where the review is', async (ctx) => {
          const token = noticeOf(ctx.key);
          const row = await uow.wikiPages.get(incident.id);
          if (!row || row.notice !== token) return;
          const channel = incident.channelId;
          const message =
            row.outcome === 'withheld'
              ? wikiWithheldMessage(incident)
              : row.outcome === 'refused'
                ? wikiRefusedMessage(incident, row.refused ?? 'refused')
                : wikiPageMessage(incident, {
                    title: row.title ?? '',
                    url: row.url,
                    version: row.version ?? 1,
                  });
          await postOnce(client, { channel, ...message }, ctx);
        }),
      ];
    },
  };
}
