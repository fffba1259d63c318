import type { Kysely, Transaction } from 'kysely';
import { PgIncidentRepository } from '../incident/incident.repository';
import { PgMembershipRepository } from '../incident/membership.repository';
import { PgOutboxRepository } from '../outbox/outbox.repository';
import type { KernelRepositories, Repositories, UnitOfWork } from '../unit-of-work.ports';
import { PgProcessedEvents } from './processed-events.repository';
import type { DB } from './schema';

type Connection = Kysely<DB> | Transaction<DB>;

/** How a feature builds its repositories on a connection or a transaction: one entry per repository. */
export type RepositoryFactories<Own extends object> = { [Name in keyof Own]: (db: Connection) => Own[Name] };

const kernelRepositories: RepositoryFactories<KernelRepositories> = {
  incidents: (db) => new PgIncidentRepository(db),
  members: (db) => new PgMembershipRepository(db),
  processedEvents: (db) => new PgProcessedEvents(db),
  outbox: (db) => new PgOutboxRepository(db),
};

function build<Own extends object>(db: Connection, features: RepositoryFactories<Own>): Repositories<Own> {
  const all = { ...kernelRepositories, ...features } as Record<string, (db: Connection) => unknown>;
  return Object.fromEntries(Object.entries(all).map(([name, create]) => [name, create(db)])) as Repositories<Own>;
}

export type PgUnitOfWork<Own extends object = object> = UnitOfWork<Own> & {
  /** Runs after every commit: lets the outbox worker deliver at once instead of at its next poll. */
  onCommit: () => void;
};

/**
 * Transactions are opened here, at the edge of a use case, and handed down to repositories:
 * the kernel's, and those each feature brings (main.ts passes them).
 */
export function createUnitOfWork<Own extends object = object>(
  db: Kysely<DB>,
  features: RepositoryFactories<Own> = {} as RepositoryFactories<Own>,
): PgUnitOfWork<Own> {
  const uow: PgUnitOfWork<Own> = {
    ...build(db, features),
    onCommit: () => {},
    async transaction<T>(work: (tx: Repositories<Own>) => Promise<T>): Promise<T> {
      const result = await db.transaction().execute((tx) => work(build(tx, features)));
      uow.onCommit();
      return result;
    },
  };
  return uow;
}
