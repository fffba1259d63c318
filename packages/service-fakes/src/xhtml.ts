/**
 * Is a Confluence storage-format body well-formed XML? Storage format is an XHTML fragment (several top-level
 * elements and text are fine) with namespaced elements (`ac:`, `ri:`); Confluence refuses a body it cannot parse.
 * This reads it strictly: every element closed in order, attributes quoted and not repeated, only XML's own five
 * entities and character references, CDATA and comments closed, no characters XML cannot carry, and no DOCTYPE
 * or processing instruction. Answers the first problem found, or null.
 */

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export function xmlProblem(text: string): string | null {
  const bad = NOT_XML.exec(text);
  if (bad)
    return `character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed (offset ${bad.index})`;
  const open: string[] = [];
  let i = 0;
  const entityAt = (at: number): string | null =>
    ENTITY.test(text.slice(at, at + 12)) ? null : `"&" that starts no entity at offset ${at}`;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunkEnd = lt < 0 ? text.length : lt;
    for (let k = text.indexOf('&', i); k >= 0 && k < chunkEnd; k = text.indexOf('&', k + 1)) {
      const problem = entityAt(k);
      if (problem) return problem;
    }
    const cdataEnd = text.indexOf(']]>', i);
    if (cdataEnd >= 0 && cdataEnd < chunkEnd) return `"]]>" in text at offset ${cdataEnd}`;
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) return `CDATA section at offset ${i} is not closed`;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return `comment at offset ${i} is not closed`;
      if (text.slice(i + 4, end).includes('--')) return `"--" inside the comment at offset ${i}`;
      i = end + 3;
      continue;
    }
    if (text.startsWith('<!', i) || text.startsWith('<?', i)) return `declaration or instruction at offset ${i}`;
    if (text[i + 1] === '/') {
      const name = NAME.exec(text.slice(i + 2, i + 200))?.[0];
      if (!name) return `bad end tag at offset ${i}`;
      const after = i + 2 + name.length;
      const gt = /^\s*>/.exec(text.slice(after, after + 100));
      if (!gt) return `end tag </${name}> at offset ${i} is not closed`;
      const expected = open.pop();
      if (expected !== name)
        return expected ? `</${name}> at offset ${i} closes <${expected}>` : `</${name}> at offset ${i} closes nothing`;
      i = after + gt[0].length;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1, i + 200))?.[0];
    if (!name) return `"<" that starts no tag at offset ${i}`;
    let j = i + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      const space = /^\s*/.exec(text.slice(j, j + 100))?.[0].length ?? 0;
      j += space;
      if (text.startsWith('/>', j)) {
        j += 2;
        break;
      }
      if (text[j] === '>') {
        open.push(name);
        j += 1;
        break;
      }
      if (j >= text.length) return `tag <${name}> at offset ${i} is not closed`;
      if (!space) return `attributes of <${name}> at offset ${i} are not separated by spaces`;
      const attr = NAME.exec(text.slice(j, j + 200))?.[0];
      if (!attr) return `bad attribute in <${name}> at offset ${j}`;
      if (seen.has(attr)) return `attribute ${attr} repeated in <${name}> at offset ${j}`;
      seen.add(attr);
      j += attr.length;
      const eq = /^\s*=\s*/.exec(text.slice(j, j + 100));
      if (!eq) return `attribute ${attr} of <${name}> has no value`;
      j += eq[0].length;
      const quote = text[j];
      if (quote !== '"' && quote !== "'") return `attribute ${attr} of <${name}> is not quoted`;
      const close = text.indexOf(quote, j + 1);
      if (close < 0) return `attribute ${attr} of <${name}> is not closed`;
      const value = text.slice(j + 1, close);
      if (value.includes('<')) return `"<" in attribute ${attr} of <${name}>`;
      for (let k = value.indexOf('&'); k >= 0; k = value.indexOf('&', k + 1)) {
        const problem = entityAt(j + 1 + k);
        if (problem) return problem;
      }
      j = close + 1;
    }
    i = j;
  }
  const unclosed = open.pop();
  return unclosed ? `<${unclosed}> is not closed` : null;
}
