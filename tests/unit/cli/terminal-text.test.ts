import { forTerminal } from '../../../src/cli/terminal-text';

test.each([
  ['a CSI sequence goes whole', 'a\u001b[2Jb\u001b[1;31mc', 'abc'],
  ['an OSC sequence (clipboard write) ending in BEL', 'a\u001b]52;c;cHduZWQ=\u0007b', 'ab'],
  ['an OSC sequence ending in ST', 'a\u001b]0;title\u001b\\b', 'ab'],
  ['a two-character escape', 'a\u001bcb', 'ab'],
  ['a lone ESC at the end', 'a\u001b', 'a'],
  ['other C0 controls, DEL and C1 controls', 'a\u0000\u0007\b\r\u000b\u000c\u007f\u0085\u009bb', 'ab'],
  ['tab and newline stay', 'a\tb\nc', 'a\tb\nc'],
  ['letters, marks and emoji stay', 'Café ✓ 🔥 — «ok»', 'Café ✓ 🔥 — «ok»'],
])('%s', (_why, input, shown) => {
  expect(forTerminal(input)).toBe(shown);
});
