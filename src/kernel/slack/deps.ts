import type { Policy } from '../../domain/policy';
import type { Logger } from '../log';
import type {
  AdminDirectory,
  ChannelGateway,
  Clock,
  Notifier,
  PeopleDirectory,
  StatsReader,
  UnitOfWork,
} from '../ports';
import type { Inflight } from './inflight';

/** What the Slack listeners need; built once in main.ts. */
export interface SlackDeps {
  uow: UnitOfWork;
  channels: ChannelGateway;
  notifier: Notifier;
  clock: Clock;
  policy: Policy;
  log: Logger;
  botUserId: string;
  people: PeopleDirectory;
  admins: AdminDirectory;
  stats: StatsReader;
  /** Work that goes on after the ack; shutdown waits for it. */
  inflight: Inflight;
}
