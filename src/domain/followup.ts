export interface Followup {
  id: number;
  incidentId: number;
  text: string;
  owner: string | null;
  due: string | null;
  status: 'open' | 'done';
  source: 'command' | 'review';
  createdBy: string;
  createdAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
}
