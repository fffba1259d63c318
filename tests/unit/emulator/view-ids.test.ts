import { SlackEmulator } from '@firebreak/slack-emulator';
import { openView } from '@firebreak/slack-emulator/methods/views';

const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Form' }, blocks: [] };

// A bot keys replays on view ids: an emulator started again must not hand out the ids of its last run.
test('a restarted emulator never hands out a view id it gave before, and ids have Slack’s shape', () => {
  const ids = new Set<string>();
  for (let run = 0; run < 3; run++) {
    const ws = new SlackEmulator({ botToken: 'xoxb-x', signingSecret: 'secret-secret' }).workspace;
    for (let i = 0; i < 5; i++) ids.add(openView(ws, 'UALICE', modal).id);
  }
  expect(ids.size).toBe(15);
  for (const id of ids) expect(id).toMatch(/^V[A-Z0-9]{8,}$/);
});
