import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import committed from '@firebreak/slack-emulator/required-args.json';

// The spec lives outside the repo (../shared); a fresh clone has only the
// committed JSON, so the comparison runs only where the spec is present.
const repoRoot = join(__dirname, '../../..');
const specPath = join(repoRoot, '../shared/slack-api-specs/slack_web_openapi_v2_without_examples.json');
const script = require(join(repoRoot, 'scripts/extract-required-args.js')) as {
  render: (spec: unknown) => string;
};

describe('required-args.json', () => {
  test('is well formed and covers the methods the bot uses', () => {
    const methods: Record<string, unknown> = committed.methods;
    expect(Object.keys(methods).length).toBeGreaterThan(50);
    for (const [method, args] of Object.entries(methods)) {
      expect(method).toMatch(/^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)+$/);
      expect(Array.isArray(args) && args.length > 0 && args.every((a) => typeof a === 'string' && a !== 'token')).toBe(
        true,
      );
    }
    expect(methods['chat.postMessage']).toEqual(['channel']);
    expect(methods['views.open']).toEqual(['trigger_id', 'view']);
  });

  test('matches a fresh extraction from the spec when the spec is present', () => {
    const committedText = readFileSync(join(repoRoot, 'packages/slack-emulator/src/required-args.json'), 'utf8');
    if (existsSync(specPath)) {
      expect(script.render(JSON.parse(readFileSync(specPath, 'utf8')))).toBe(committedText);
    } else {
      expect(JSON.parse(committedText)._source).toMatch(/MIT/);
    }
  });
});
