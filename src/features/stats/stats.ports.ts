import type { IncidentStats, StatsQuery } from '../../domain/stats';

/** The figures of `/incident stats`, computed by the database (see src/domain/stats.ts for what each one means). */
export type StatsReader = (q: StatsQuery) => Promise<IncidentStats>;
