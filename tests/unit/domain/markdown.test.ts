import {
  escapeBlock,
  escapeInline,
  escapeListItemText,
  personName,
  slackToPlain,
  truncatePlain,
  unescapeSlack,
} from '../../../src/domain/markdown';

const people = { U1: { name: 'alice' }, U2: { name: 'Bob_Smith' } };

describe('escapeInline', () => {
  test.each([
    ['plain words', 'plain words'],
    ['# x', '\\# x'],
    ['a | b', 'a \\| b'],
    ['*bold* _it_ ~strike~ `code`', '\\*bold\\* \\_it\\_ \\~strike\\~ \\`code\\`'],
    ['[a](javascript:alert(1))', '\\[a\\](javascript:alert(1))'],
    ['![img](http://x)', '!\\[img\\](http://x)'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['</details>', '\\</details\\>'],
    ['back\\slash', 'back\\\\slash'],
    ['$5k and $10k', '\\$5k and \\$10k'],
    ['R&D &lt; &#60; &#x3C;', 'R&D \\&lt; \\&\\#60; \\&\\#x3C;'],
    ['  two\n\nlines\tand  tabs  ', 'two lines and tabs'],
    ['line\n| a | b |\n|---|---|', 'line \\| a \\| b \\| \\|---\\|---\\|'],
  ])('%j → %j', (input, expected) => expect(escapeInline(input)).toBe(expected));
});

describe('escapeBlock', () => {
  test.each([
    ['', ''],
    ['   \n  ', ''],
    ['one line', 'one line'],
    ['# Heading', '\\# Heading'],
    ['## Sub', '\\#\\# Sub'],
    ['- item\n+ item\n* item', '\\- item\\\n\\+ item\\\n\\* item'],
    ['1. first\n2) second', '1\\. first\\\n2\\) second'],
    ['> quote', '\\> quote'],
    ['Title\n===', 'Title\\\n\\==='],
    ['Title\n---', 'Title\\\n\\---'],
    ['***', '\\*\\*\\*'],
    ['```\ncode\n```', '\\`\\`\\`\\\ncode\\\n\\`\\`\\`'],
    ['~~~', '\\~\\~\\~'],
    ['    indented code', 'indented code'],
    ['[ref]: http://evil', '\\[ref\\]: http://evil'],
    ['first\n\n\n\nsecond', 'first\n\nsecond'],
    ['a\r\nb\rc', 'a\\\nb\\\nc'],
    ['ends with \\\nnext', 'ends with \\\\\\\nnext'],
    ['<div>\n<b>x</b>\n</div>', '\\<div\\>\\\n\\<b\\>x\\</b\\>\\\n\\</div\\>'],
  ])('%j → %j', (input, expected) => expect(escapeBlock(input)).toBe(expected));

  test('every line of the result starts with plain text or an escape', () => {
    const hostile = ['# h', '- l', '+ l', '> q', '1. o', '===', '---', '<x>', '| t |', '    code', '```'].join('\n');
    for (const line of escapeBlock(hostile).split('\n')) expect(line).toMatch(/^(\\|[a-z0-9])/);
  });
});

describe('escapeListItemText', () => {
  test('joins lines with hard breaks, indents continuations, drops blank lines', () => {
    expect(escapeListItemText('one\n\n- two\n# three', '  ')).toBe('one\\\n  \\- two\\\n  \\# three');
  });
  test('blank text is empty', () => expect(escapeListItemText(' \n ', '  ')).toBe(''));
});

describe('slackToPlain', () => {
  test.each([
    ['no tokens here', 'no tokens here'],
    ['ping <@U1>', 'ping @alice'],
    ['ping <@U2|bob>', 'ping @Bob_Smith'],
    ['ping <@U9|legacy>', 'ping @legacy'],
    ['ping <@U9>', 'ping @U9'],
    ['see <#C1|ops-war-room>', 'see #ops-war-room'],
    ['see <#C1>', 'see #C1'],
    ['<!channel> <!here> <!everyone>', '@channel @here @everyone'],
    ['<!subteam^S1|@oncall> <!subteam^S2>', '@oncall @subteam'],
    ['<!date^1392734382^{date}|Feb 18th>', 'Feb 18th'],
    ['<https://status.example.com|status page>', 'status page (https://status.example.com)'],
    ['<https://example.com/a?b=1&amp;c=2>', 'https://example.com/a?b=1&c=2'],
    ['<https://example.com|https://example.com>', 'https://example.com'],
    ['<mailto:ops@example.com|ops@example.com>', 'ops@example.com'],
    ['a &lt;b&gt; &amp; c', 'a <b> & c'],
    ['&amp;lt; stays an entity', '&lt; stays an entity'],
    ['&lt;@U1&gt; typed literally', '<@U1> typed literally'],
    ['<not a token>', '<not a token>'],
  ])('%j → %j', (input, expected) => expect(slackToPlain(input, people)).toBe(expected));

  test('a label cannot bring markup through: the result is escaped afterwards', () => {
    const plain = slackToPlain('<https://evil.example|[click](javascript:x)>', people);
    expect(plain).toBe('[click](javascript:x) (https://evil.example)');
    expect(escapeInline(plain)).toBe('\\[click\\](javascript:x) (https://evil.example)');
  });
});

test('unescapeSlack decodes only Slack’s three entities', () => {
  expect(unescapeSlack('&amp; &lt; &gt; &quot; &#60;')).toBe('& < > &quot; &#60;');
});

test('personName falls back to the raw id', () => {
  expect(personName('U1', people)).toBe('@alice');
  expect(personName('UX', people)).toBe('@UX');
  expect(personName('U3', { U3: { name: '' } })).toBe('@U3');
});

describe('truncatePlain', () => {
  test('keeps short text', () => expect(truncatePlain('abc', 3, '…')).toBe('abc'));
  test('cuts long text and appends the note', () => expect(truncatePlain('abcdef', 3, '…')).toBe('abc…'));
  test('never splits a surrogate pair', () => expect(truncatePlain('ab😀cd', 3, '…')).toBe('ab…'));
});
