import type { Part } from '../lib/part';
import { baselinePart } from './baseline';
import { declarePart } from './declare';
import { ingestPart } from './ingest';
import { keepPart } from './keep';
import { memoryPart } from './memory';
import { stormPart } from './storm';

/** Every part, in the order `npm run bench` runs them (the numbering). */
export const PARTS: readonly Part[] = [declarePart, stormPart, ingestPart, memoryPart, keepPart, baselinePart];
