/** Where an incident's review stands with the wiki. `notice`: the outbox notice that settled it last. */
export interface WikiPageState {
  notice: string;
  outcome: 'published' | 'refused' | 'withheld';
  /** The page, once one exists: every later publish updates it. */
  pageId: string | null;
  title: string | null;
  version: number | null;
  url: string | null;
  /** What the wiki said when it refused the page. */
  refused: string | null;
}

/** A page as the wiki holds it. `body`: its storage format, when it was asked for. */
export interface WikiPage {
  id: string;
  title: string;
  version: number;
  url: string | null;
  body?: string;
}

export interface WikiPageRepository {
  get(incidentId: number): Promise<WikiPageState | undefined>;
  /** `notice` put the review on `page`. */
  published(incidentId: number, notice: string, page: WikiPage, at: Date): Promise<void>;
  /** The wiki refused `notice`'s page for good, saying `why`; a page stored before stays. */
  refused(incidentId: number, notice: string, why: string, at: Date): Promise<void>;
  /** A private incident's review, kept from the wiki: true the first time only (the channel is told once). */
  withheld(incidentId: number, notice: string, at: Date): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface ReviewExportRepositories {
  wikiPages: WikiPageRepository;
}

/**
 * The wiki's pages API. Each call throws ServiceCallError (src/kernel/outbound) when refused or unreachable, save
 * `get` of a page that is gone (undefined).
 */
export interface Wiki {
  get(id: string): Promise<WikiPage | undefined>;
  /** The page of that title in the configured space, with its body. */
  findByTitle(title: string): Promise<WikiPage | undefined>;
  create(page: { title: string; body: string }): Promise<WikiPage>;
  update(id: string, page: { title: string; body: string; version: number }): Promise<WikiPage>;
}
