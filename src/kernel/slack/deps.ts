import type { Policy } from '../../domain/policy';
import type { ChannelGateway } from '../../features/incidents/channel.ports';
import type { StatsReader } from '../../features/stats/stats.ports';
import type { Clock } from '../clock';
import type { AdminDirectory, PeopleDirectory } from '../directory.ports';
import type { Logger } from '../log';
import type { Notifier } from '../outbox/outbox.ports';
import type { UnitOfWork } from '../unit-of-work.ports';
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
