/**
 * The policy's connections to the company's other tools (issue 18): the tracker follow-ups become tickets in, the
 * public status page, and the wiki reviews are published to. Each is optional (null: not configured); the secrets
 * are named by environment variable and read once at start (src/kernel/config/secrets.ts).
 */

interface TicketsCommon {
  /** Labels every ticket carries besides `firebreak` and the incident's id. */
  labels: string[];
  /** The variable holding the inbound webhook's shared secret (Jira) or signing secret (GitHub); null: no inbound hook. */
  webhookSecretEnv: string | null;
  /** How often the open follow-ups' tickets are read back, in case a webhook was lost (ms); default 15 min. */
  reconcileEvery: number;
  /** Follow-ups of private incidents become tickets only when set: a tracker is seen by the whole company. */
  includePrivate: boolean;
}

export type TicketsPolicy =
  | (TicketsCommon & {
      kind: 'jira';
      /** `https://<site>.atlassian.net` */
      baseUrl: string;
      /** The project key (`OPS`). */
      project: string;
      /** The issue type's name (`Task`). */
      issueType: string;
      emailEnv: string;
      tokenEnv: string;
    })
  | (TicketsCommon & {
      kind: 'github';
      /** `owner/name` */
      repo: string;
      tokenEnv: string;
      /** `https://api.github.com`, or GitHub Enterprise's `https://<host>/api/v3`. */
      apiUrl: string;
    });

/** Atlassian Statuspage. */
export interface StatusPagePolicy {
  pageId: string;
  apiKeyEnv: string;
  /** Category name → the component ids a public post of that category's incidents names. */
  components: Record<string, string[]>;
}

/** Confluence Cloud (REST v2 pages). */
export interface ReviewExportPolicy {
  kind: 'confluence';
  /** `https://<site>.atlassian.net/wiki` */
  baseUrl: string;
  spaceId: string;
  parentId: string | null;
  emailEnv: string;
  tokenEnv: string;
}
