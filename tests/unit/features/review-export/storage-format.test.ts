import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xmlProblem } from '@firebreak/service-fakes';
import { escapeXml, inline, toStorageFormat } from '../../../../src/features/review-export/storage-format';

/** Renders and checks the result is well-formed XML, as Confluence (and its fake) parse it. */
function render(markdown: string): string {
  const out = toStorageFormat(markdown);
  expect(xmlProblem(out)).toBeNull();
  return out;
}

/** The text a reader sees: tags dropped, CDATA kept, entities decoded. */
function textOf(storage: string): string {
  return storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('the checker the tests lean on', () => {
  test.each([
    ['<p>a</p><p>b</p>', null],
    ['<p>a &amp; b &#60; &#x3c;</p>', null],
    [
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x]]></ac:plain-text-body></ac:structured-macro>',
      null,
    ],
    ['<p>a</p', 'not closed'],
    ['<p><b>a</p></b>', 'closes'],
    ['<p>a & b</p>', 'entity'],
    ['<p>&nbsp;</p>', 'entity'],
    ['<p a=1>x</p>', 'not quoted'],
    ['<p a="1" a="2">x</p>', 'repeated'],
    ['<p>x ]]> y</p>', ']]>'],
    ['<![CDATA[x', 'not closed'],
    ['<p>1 < 2</p>', 'starts no tag'],
    ['<!DOCTYPE html><p/>', 'declaration'],
    ['<p>\u0001</p>', 'not allowed'],
    ['</p>', 'closes nothing'],
  ])('%s', (xml, problem) => {
    const found = xmlProblem(xml);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('Markdown to Confluence storage format', () => {
  test('headings, paragraphs, bold, italic, inline code and links', () => {
    expect(render('# INC-12: Checkout down\n\n## Summary\n\nIt **failed** for _40 minutes_ in `api`.')).toBe(
      '<h1>INC-12: Checkout down</h1><h2>Summary</h2><p>It <strong>failed</strong> for <em>40 minutes</em> in <code>api</code>.</p>',
    );
    expect(render('see [the PR](https://example.com/pr/1?a=1&b=2) and <https://x.example/y>')).toBe(
      '<p>see <a href="https://example.com/pr/1?a=1&amp;b=2">the PR</a> and <a href="https://x.example/y">https://x.example/y</a></p>',
    );
    expect(render('*one* __two__ snake_case_name 2*3*4')).toBe(
      '<p><em>one</em> <strong>two</strong> snake_case_name 2*3*4</p>'.replace('2*3*4', '2<em>3</em>4'),
    );
  });

  test('hard breaks (a trailing backslash or two spaces) and soft breaks', () => {
    expect(render('one\\\ntwo  \nthree\nfour')).toBe('<p>one<br />two<br />three\nfour</p>');
  });

  test('backslash escapes show the character itself, never markup', () => {
    expect(render('\\# not a heading \\*not em\\* \\[not\\](a link) \\<b\\>')).toBe(
      '<p># not a heading *not em* [not](a link) &lt;b&gt;</p>',
    );
  });

  test('fenced code becomes the code macro, its text in CDATA, with its language', () => {
    const out = render('```ts\nconst a = 1 < 2 && b;\n```\nafter');
    expect(out).toBe(
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">ts</ac:parameter>' +
        '<ac:plain-text-body><![CDATA[const a = 1 < 2 && b;]]></ac:plain-text-body></ac:structured-macro><p>after</p>',
    );
  });

  test('a `]]>` inside code is split across CDATA sections, and the text still reads whole', () => {
    const out = render('~~~\nx]]>y]]]]>z\n~~~');
    expect(out.match(/<!\[CDATA\[/g)).toHaveLength(3);
    expect(textOf(out)).toBe('x]]>y]]]]>z');
  });

  test('a language that is not a word is dropped, not written into an attribute', () => {
    const out = render('```"><script>\ncode\n```');
    expect(out).not.toContain('ac:name="language"');
    expect(out).not.toContain('<script');
  });

  test('an unclosed fence runs to the end of the document', () => {
    const out = render('before\n\n```\n# not a heading\n<b>');
    expect(out).toMatch(/^<p>before<\/p><ac:structured-macro/);
    expect(textOf(out)).toContain('# not a heading\n<b>');
    expect(out).not.toContain('<h1>');
  });

  test('indented code is code too', () => {
    expect(textOf(render('para\n\n    <x> & y\n    z'))).toBe('para<x> & y\nz');
  });

  test('tables: a header, rows, escaped pipes, ragged rows padded or cut', () => {
    const out = render('| Item | Owner |\n|---|:---:|\n| Add \\| canary | @bob |\n| only one |\n| a | b | extra |');
    expect(out).toBe(
      '<table><tbody><tr><th>Item</th><th>Owner</th></tr><tr><td>Add | canary</td><td>@bob</td></tr>' +
        '<tr><td>only one</td><td></td></tr><tr><td>a</td><td>b</td></tr></tbody></table>',
    );
  });

  test('stray pipes without a delimiter row are text', () => {
    expect(render('a | b | c\n|||\n| x')).toBe('<p>a | b | c\n|||\n| x</p>');
  });

  test('bullet and numbered lists, nested, with continuation lines', () => {
    const out = render('- one\n- two\\\n  more\n  - nested\n    1. deep\n- three\n\n1. first\n2. second');
    expect(out).toBe(
      '<ul><li>one</li><li>two<br />more<ul><li>nested<ol><li>deep</li></ol></li></ul></li><li>three</li></ul>' +
        '<ol><li>first</li><li>second</li></ol>',
    );
  });

  test('deeply nested lists are capped, stay well-formed, and keep every word', () => {
    const depth = 2000;
    const md = Array.from({ length: depth }, (_, k) => `${'  '.repeat(k)}- level ${k}`).join('\n');
    const out = render(md);
    expect((out.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(8);
    for (const k of [0, 7, 8, 999, 1999]) expect(out).toContain(`level ${k}<`);
  });

  test('raw HTML never passes: it shows as the text it is', () => {
    const out = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<b onclick="x">bold</b>');
    expect(out).not.toMatch(/<(script|img|b)\b/);
    expect(textOf(out)).toContain('<script>alert(1)</script>');
    expect(textOf(out)).toContain('<b onclick="x">bold</b>');
  });

  test('links to anything but http, https or mailto are not links', () => {
    const out = render('[click](javascript:alert(1)) [x](data:text/html,<b>) [ok](mailto:a@b.example)');
    expect(out).not.toContain('href="javascript');
    expect(out).not.toContain('href="data');
    expect(out).toContain('<a href="mailto:a@b.example">ok</a>');
    expect(textOf(out)).toContain('click (javascript:alert(1))');
  });

  test('quotes and ampersands are escaped in text and attributes', () => {
    const out = render('He said "R&D" & \'ok\' [q](https://x.example/?q="a"&b)');
    expect(out).toContain('He said &quot;R&amp;D&quot; &amp; &#39;ok&#39;');
    expect(out).toContain('href="https://x.example/?q=&quot;a&quot;&amp;b"');
  });

  test('characters XML cannot carry are dropped (control characters, lone surrogates)', () => {
    const out = render('Disk full\u001b[2J\u0007 on db-1\u0000 \ud800x\u009b\n\n```\n\u0001code\u001f\n```');
    expect(out).toContain('Disk full[2J on db-1 x');
    expect(textOf(out)).toContain('code');
  });

  test('unbalanced emphasis, backticks and brackets stay literal', () => {
    expect(textOf(render('**bold *em `code [link](http://x'))).toBe('**bold *em `code [link](http://x');
    expect(textOf(render('``a`b``c`'))).toBe('a`bc`');
  });

  test('thousands of unmatched marks on one line render quickly', () => {
    const md = '*a _b `c [d '.repeat(5000);
    const started = Date.now();
    render(md);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('headings, rules and block quotes', () => {
    expect(render('### Three ###\n\n---\n\n> quoted *text*\n> more\n\n####### seven')).toBe(
      '<h3>Three</h3><hr /><blockquote><p>quoted <em>text</em>\nmore</p></blockquote><p>####### seven</p>',
    );
  });

  test('CRLF line ends and tabs', () => {
    expect(render('# A\r\n\r\n- x\r\n- y')).toBe('<h1>A</h1><ul><li>x</li><li>y</li></ul>');
  });

  test('escapeXml and inline on their own', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(inline('a **b** c')).toBe('a <strong>b</strong> c');
  });

  test.each(['small-incident.md', 'large-incident.md', 'incident-with-feedback.md'])(
    'the golden review %s renders well-formed, every heading and table kept',
    (name) => {
      const md = readFileSync(join(__dirname, '../../domain/golden', name), 'utf8');
      const out = render(md);
      const headings = md.split('\n').filter((l) => /^#{1,6} /.test(l)).length;
      expect(out.match(/<h[1-6]>/g)).toHaveLength(headings);
      const tables = md.split('\n').filter((l) => /^\|---/.test(l)).length;
      expect((out.match(/<table>/g) ?? []).length).toBe(tables);
      expect(out).not.toContain('<script');
    },
  );
});
