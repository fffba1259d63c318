import { canvasRepositories } from '../../../src/features/canvas/canvas.repository';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// A workspace's refusal of canvases stands for the processes started before it; a restart asks once more.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const minute = (n: number) => new Date(Date.UTC(2026, 11, 8, 9, n));

test('recorded once per workspace; a process started after it tries again, and its own refusal replaces it', async () => {
  const canvases = canvasRepositories.canvases(t.db);
  const firstStart = minute(0);
  expect(await canvases.refusalSince('T1', firstStart)).toBeUndefined();
  expect(await canvases.refuse('T1', 'team_tier_cannot_create_channel_canvases', minute(1), firstStart)).toBe(true);
  // A second replica of the same start refusing at once: already recorded, so it does not log it again.
  expect(await canvases.refuse('T1', 'team_tier_cannot_create_channel_canvases', minute(1), firstStart)).toBe(false);
  expect(await canvases.refusalSince('T1', firstStart)).toEqual({
    error: 'team_tier_cannot_create_channel_canvases',
    at: minute(1),
  });
  // Another workspace is not held to it.
  expect(await canvases.refusalSince('T2', firstStart)).toBeUndefined();

  // Restarted after the refusal (a plan or scope change): it asks again, and a new refusal is recorded once more.
  const restart = minute(5);
  expect(await canvases.refusalSince('T1', restart)).toBeUndefined();
  expect(await canvases.refuse('T1', 'missing_scope', minute(6), restart)).toBe(true);
  expect(await canvases.refusalSince('T1', restart)).toEqual({ error: 'missing_scope', at: minute(6) });
});
