import type { Policy } from '../../domain/policy';
import type { Clock } from '../clock';
import type { AdminDirectory, PeopleDirectory } from '../directory.ports';
import type { Logger } from '../log';
import type { Notifier } from '../outbox/outbox.ports';
import type { UnitOfWork } from '../unit-of-work.ports';
import type { Inflight } from './inflight';

/**
 * What every Slack listener gets; built once in main.ts. `Own`: the feature repositories a listener's use
 * cases need; a feature adds what else it needs (a gateway, a reader) to this type in its own files.
 */
export interface SlackDeps<Own extends object = object> {
  uow: UnitOfWork<Own>;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  log: Logger;
  botUserId: string;
  people: PeopleDirectory;
  admins: AdminDirectory;
  /** Work that goes on after the ack; shutdown waits for it. */
  inflight: Inflight;
}
