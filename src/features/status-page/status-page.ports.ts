import type { Incident } from '../../domain/incident';
import type { ComponentStatus, PublicPost, PublicStatus } from '../../domain/status-page';
import type { Repositories } from '../../kernel/unit-of-work.ports';

/** The incident's public incident on the status page, once Statuspage has one. */
export interface PublicIncident {
  pageId: string;
  publicId: string;
  shortlink: string | null;
  lastStatus: PublicStatus;
}

/** A public post as stored: asked for by `actor` at `requestedAt`, then published or refused by the outbox. */
export interface StoredPost extends PublicPost {
  id: number;
  incidentId: number;
  components: string[];
  actor: string;
  requestedAt: Date;
  notice: string | null;
  attempted: boolean;
  publishedAt: Date | null;
  refused: string | null;
}

export interface StatusPageRepository {
  addPost(incidentId: number, post: PublicPost & { components: string[]; actor: string; at: Date }): Promise<number>;
  post(id: number): Promise<StoredPost | undefined>;
  /** The incident's latest post asked for (published or not). */
  latestPost(incidentId: number): Promise<StoredPost | undefined>;
  publicIncident(incidentId: number): Promise<PublicIncident | undefined>;
  /** The post's delivery by `notice` is under way: a later attempt may find its call landed. */
  attempting(postId: number, notice: string): Promise<void>;
  /** Statuspage has the incident (stored on the first success, before anything else). */
  storePublicIncident(
    incidentId: number,
    found: { pageId: string; publicId: string; shortlink: string | null; status: PublicStatus },
  ): Promise<void>;
  published(post: StoredPost, at: Date): Promise<void>;
  refused(postId: number, why: string): Promise<void>;
  /** True once only: the published post goes into the timeline then. */
  markRecorded(postId: number): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface StatusPageRepositories {
  statusPage: StatusPageRepository;
}

/** What the update form's *Status page* section asks for, read and checked by the updates feature. */
export interface PublicPostRequest {
  message: string;
  status: PublicStatus;
  componentStatus: ComponentStatus | null;
}

/**
 * A public post asked for from the update form, in its transaction: stored and owed to the outbox. A port (main.ts
 * wires the status page feature's), so the update form does not import another feature's use cases.
 */
export type RequestPublicPost = (
  tx: Repositories<StatusPageRepositories>,
  incident: Incident,
  post: PublicPostRequest,
  actor: string,
  at: Date,
) => Promise<void>;

/** What Statuspage holds of a public incident, as this feature reads it. */
export interface RemoteIncident {
  id: string;
  name: string;
  shortlink: string | null;
  status: string;
  createdAt: Date | null;
  /** Its newest update's words and status. */
  latest: { body: string; status: string } | null;
}

export interface PublicChange {
  status: PublicStatus;
  body: string;
  componentIds: string[];
  componentStatus: ComponentStatus | null;
}

/** Statuspage's incidents API. Each call throws ServiceCallError (src/kernel/outbound) when refused or unreachable. */
export interface StatusPageApi {
  create(pageId: string, name: string, change: PublicChange): Promise<RemoteIncident>;
  /** The page's incidents named exactly `name`, newest first. */
  findByName(pageId: string, name: string): Promise<RemoteIncident[]>;
  get(pageId: string, id: string): Promise<RemoteIncident>;
  update(pageId: string, id: string, change: PublicChange): Promise<RemoteIncident>;
}
