import { validateBlocks, validateView, withBlockIds } from '@firebreak/slack-emulator/blocks';

const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const input = (blockId: string, actionId: string) => ({
  type: 'input',
  block_id: blockId,
  label: { type: 'plain_text', text: 'Title' },
  element: { type: 'plain_text_input', action_id: actionId },
});

describe('validateBlocks for messages', () => {
  test('accepts common blocks', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'INC-1' } },
      section('hello', { accessory: { type: 'button', text: { type: 'plain_text', text: 'Ack' }, action_id: 'ack' } }),
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Resolve' }, action_id: 'resolve', value: '1' }],
      },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  test('50 blocks per message, 100 per modal', () => {
    const fifty = Array.from({ length: 50 }, () => ({ type: 'divider' }));
    expect(validateBlocks(fifty, 'message')).toEqual([]);
    expect(validateBlocks([...fifty, { type: 'divider' }], 'message')).toEqual([
      '[ERROR] no more than 50 items allowed [json-pointer:/blocks]',
    ]);
    expect(validateBlocks([...fifty, ...fifty], 'modal')).toEqual([]);
    expect(validateBlocks([...fifty, ...fifty, { type: 'divider' }], 'modal')).toHaveLength(1);
  });

  test('section text is at most 3000 characters, header 150', () => {
    expect(validateBlocks([section('x'.repeat(3000))], 'message')).toEqual([]);
    expect(validateBlocks([section('x'.repeat(3001))], 'message')).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const header = (n: number) => ({ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(n) } });
    expect(validateBlocks([header(150)], 'message')).toEqual([]);
    expect(validateBlocks([header(151)], 'message')[0]).toContain('/blocks/0/text/text');
  });

  test('header must be plain_text', () => {
    expect(validateBlocks([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }], 'message')[0]).toContain(
      'must be plain_text',
    );
  });

  test('duplicate block_id, unknown type, empty section', () => {
    expect(validateBlocks([section('a', { block_id: 'x' }), section('b', { block_id: 'x' })], 'message')[0]).toContain(
      "block_id 'x' already exists",
    );
    expect(validateBlocks([{ type: 'carousel' }], 'message')[0]).toContain('unsupported type: carousel');
    expect(validateBlocks([{ type: 'section' }], 'message')[0]).toContain('must provide either text or fields');
  });

  test('markdown blocks are for messages only', () => {
    const md = [{ type: 'markdown', text: '**hi**' }];
    expect(validateBlocks(md, 'message')).toEqual([]);
    expect(validateBlocks(md, 'modal')).toHaveLength(1);
  });

  test('actions: button text limit and unique action_id', () => {
    const btn = (id: string, text = 'Go') => ({ type: 'button', action_id: id, text: { type: 'plain_text', text } });
    expect(validateBlocks([{ type: 'actions', elements: [btn('a'), btn('a')] }], 'message')[0]).toContain(
      "action_id 'a' already exists",
    );
    expect(validateBlocks([{ type: 'actions', elements: [btn('a', 'x'.repeat(76))] }], 'message')[0]).toContain(
      '/blocks/0/elements/0/text/text',
    );
    expect(validateBlocks([{ type: 'actions', elements: [] }], 'message')).toHaveLength(1);
  });

  test('not an array', () => {
    expect(validateBlocks({ type: 'divider' }, 'message')).toEqual([
      '[ERROR] must provide an array [json-pointer:/blocks]',
    ]);
  });
});

describe('validateView', () => {
  const modal = (extra: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Declare incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    blocks: [input('title', 'title_input')],
    ...extra,
  });

  test('a valid modal passes', () => {
    expect(validateView(modal())).toEqual([]);
  });

  test('title at most 24 characters', () => {
    expect(validateView(modal({ title: { type: 'plain_text', text: 'x'.repeat(24) } }))).toEqual([]);
    expect(validateView(modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }))).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
  });

  test('type, private_metadata, callback_id, submit with inputs, input needs label and element', () => {
    expect(validateView(modal({ type: 'home' }))[0]).toContain('/view/type');
    expect(validateView(modal({ private_metadata: 'x'.repeat(3001) }))[0]).toContain('/view/private_metadata');
    expect(validateView(modal({ private_metadata: 'x'.repeat(3000) }))).toEqual([]);
    expect(validateView(modal({ callback_id: 'x'.repeat(256) }))[0]).toContain('/view/callback_id');
    expect(validateView(modal({ submit: undefined }))[0]).toContain('submit is required');
    expect(validateView(modal({ blocks: [{ type: 'input', element: { type: 'plain_text_input' } }] }))[0]).toContain(
      '/view/blocks/0/label',
    );
    expect(validateView(modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'L' } }] }))[0]).toContain(
      '/view/blocks/0/element',
    );
    expect(validateView(modal({ blocks: [input('a', 'x'), input('a', 'y')] }))[0]).toContain(
      "block_id 'a' already exists",
    );
  });
});

describe('withBlockIds', () => {
  test('fills missing block_ids with unique ids and keeps given ones', () => {
    const out = withBlockIds([{ type: 'divider' }, { type: 'divider', block_id: 'keep' }, { type: 'divider' }])!;
    expect(out[1].block_id).toBe('keep');
    expect(out[0].block_id).toBeTruthy();
    expect(out[0].block_id).not.toBe(out[2].block_id);
  });
});
