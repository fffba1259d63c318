import type { Incident } from '../../domain/incident';
import { type PublicStatus, publicIncidentName } from '../../domain/status-page';
import type { Clock } from '../../kernel/clock';
import { refusalLine, refusedForGood, type ServiceCallError } from '../../kernel/outbound/service-call';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { postOnce } from '../../kernel/outbox/post-once';
import type {
  PublicChange,
  RemoteIncident,
  StatusPageApi,
  StatusPageRepositories,
  StoredPost,
} from './status-page.ports';
import { publishedMessage, refusedMessage, resolveOfferMessage } from './status-page.view';

export interface StatusPageDeliveryDeps extends DeliveryDeps<StatusPageRepositories> {
  /** Absent when no status page is configured: a notice left over from before is then dropped. */
  api: StatusPageApi | undefined;
  clock: Clock;
}

/** The notice a step belongs to, from its step key (`fb-notice-<id>-<step>`): the same on every retry and replica. */
const noticeOf = (stepKey: string): string => stepKey.replace(/-\d+$/, '');

/** What Statuspage said when it refused: its `message` (or `error`), in a line. */
export const refusalOf = (error: ServiceCallError): string =>
  refusalLine(error, (body) => {
    const said = [body.message, body.error].find((v) => typeof v === 'string' && v);
    return typeof said === 'string' ? said : '';
  });

/** The page already shows this post: its newest update carries these words and this status. */
const shows = (remote: RemoteIncident, post: StoredPost): boolean =>
  remote.latest !== null && remote.latest.body === post.message && remote.latest.status === post.status;

export function statusPageDeliveries(
  deps: StatusPageDeliveryDeps,
): Pick<NoticeDeliveries, 'status_page_post' | 'status_page_resolve_offer'> {
  const { uow, client, log, api, clock } = deps;
  const configured = (incident: Incident) => {
    const statusPage = deps.policy.statusPage;
    if (!statusPage || !api)
      log.warn('A public post with no status page configured; skipped', { incident: incident.number });
    return statusPage && api ? { statusPage, api } : undefined;
  };

  /**
   * Creates the public incident, or updates it. Exactly once: a post whose earlier attempt may have landed (a lost
   * answer, a crash) looks at the page first: the incident by its unique name before creating, its newest update
   * before adding another.
   */
  async function publish(incident: Incident, post: StoredPost, token: string): Promise<void> {
    const found = configured(incident);
    if (!found) return;
    const { statusPage } = found;
    const pageId = statusPage.pageId;
    const retry = post.attempted;
    await uow.statusPage.attempting(post.id, token);
    const change: PublicChange = {
      status: post.status,
      body: post.message,
      componentIds: post.components,
      componentStatus: post.componentStatus,
    };
    const store = (remote: RemoteIncident, status: PublicStatus) =>
      uow.statusPage.storePublicIncident(incident.id, {
        pageId,
        publicId: remote.id,
        shortlink: remote.shortlink,
        status,
      });
    const stored = await uow.statusPage.publicIncident(incident.id);
    if (!stored || stored.pageId !== pageId) {
      const name = publicIncidentName(incident.number);
      // Created since the incident began: an incident numbered the same by an earlier install is not this one.
      const earlier = (await found.api.findByName(pageId, name)).find(
        (r) => !r.createdAt || r.createdAt.getTime() >= incident.declaredAt.getTime() - 60_000,
      );
      if (earlier) {
        await store(earlier, stored?.lastStatus ?? post.status);
        if (!shows(earlier, post)) await found.api.update(pageId, earlier.id, change);
      } else await store(await found.api.create(pageId, name, change), post.status);
    } else if (!retry || !shows(await found.api.get(pageId, stored.publicId), post)) {
      await found.api.update(pageId, stored.publicId, change);
    }
    await uow.transaction((tx) => tx.statusPage.published(post, clock.now()));
  }

  return {
    status_page_post: (notice) => {
      const { incident } = notice;
      return [
        step('post on the status page', async (ctx) => {
          const post = await uow.statusPage.post(notice.post);
          // Settled before a crash or a lost lease cut the step short: not posted again.
          if (!post || post.publishedAt !== null || post.refused !== null) return;
          try {
            await publish(incident, post, noticeOf(ctx.key));
          } catch (e) {
            if (!refusedForGood(e)) throw e;
            log.warn('Statuspage refused a public post; not retried', { incident: incident.number, status: e.status });
            await uow.statusPage.refused(post.id, refusalOf(e));
          }
        }),
        step('tell the channel of the public post', async (ctx) => {
          const post = await uow.statusPage.post(notice.post);
          if (!post) return;
          const channel = incident.channelId;
          if (post.refused !== null) {
            await postOnce(client, { channel, ...refusedMessage(post, post.refused) }, ctx);
            return;
          }
          const publishedAt = post.publishedAt;
          if (!publishedAt) return;
          await uow.transaction(async (tx) => {
            if (!(await tx.statusPage.markRecorded(post.id))) return;
            await tx.incidents.addEvent(incident.id, {
              change: {
                kind: 'published',
                message: post.message,
                status: post.status,
                componentStatus: post.componentStatus,
              },
              actor: post.actor,
              at: publishedAt,
            });
          });
          const stored = await uow.statusPage.publicIncident(incident.id);
          await postOnce(client, { channel, ...publishedMessage(post, publishedAt, stored?.shortlink ?? null) }, ctx);
        }),
      ];
    },
    status_page_resolve_offer: (notice) => [
      step('offer to resolve the public incident', async (ctx) => {
        const stored = await uow.statusPage.publicIncident(notice.incident.id);
        if (!stored || stored.lastStatus === 'resolved') return;
        await postOnce(client, { channel: notice.incident.channelId, ...resolveOfferMessage(notice.incident) }, ctx);
      }),
    ],
  };
}
