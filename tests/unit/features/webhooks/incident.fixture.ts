import type { Incident } from '../../../../src/domain/incident';
import { anIncident as base } from '../../../support/incident';

/** An incident as the webhook tests start from (the shared one, as a SEV2 with a summary and a category). */
export const anIncident = (over: Partial<Incident> = {}): Incident =>
  base({ id: 7, summary: 'Orders fail', severity: 'SEV2', category: 'Availability', ...over });
