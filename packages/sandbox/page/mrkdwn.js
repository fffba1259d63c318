// Slack mrkdwn → DOM nodes. Everything becomes text nodes or elements built
// here; nothing from a message is ever parsed as HTML.
//
// ctx: { userName(id) → string|undefined, channelName(id) → string|undefined, openChannel(id) }

const EMOJI = {
  alarm_clock: '⏰',
  arrows_counterclockwise: '🔄',
  ballot_box_with_check: '☑️',
  bell: '🔔',
  bookmark: '🔖',
  bust_in_silhouette: '👤',
  checkered_flag: '🏁',
  eyes: '👀',
  fire: '🔥',
  gear: '⚙️',
  hourglass: '⌛',
  information_source: 'ℹ️',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  leftwards_arrow_with_hook: '↩️',
  lock: '🔒',
  loudspeaker: '📢',
  memo: '📝',
  newspaper: '📰',
  no_bell: '🔕',
  no_entry_sign: '🚫',
  pencil: '✏️',
  pencil2: '✏️',
  pager: '📟',
  pushpin: '📌',
  red_circle: '🔴',
  rotating_light: '🚨',
  sunny: '☀️',
  tada: '🎉',
  ticket: '🎫',
  thumbsup: '👍',
  '+1': '👍',
  warning: '⚠️',
  wave: '👋',
  white_check_mark: '✅',
  x: '❌',
  zzz: '💤',
  clipboard: '📋',
  link: '🔗',
  mag: '🔍',
  speech_balloon: '💬',
  calendar: '📅',
  hourglass_flowing_sand: '⏳',
  pray: '🙏',
  test_tube: '🧪',
  white_large_square: '⬜',
};

export function emoji(name) {
  return EMOJI[name] ?? `:${name}:`;
}

const ENTITIES = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** Slack escapes &, < and > in text; everything else is literal. */
export function decode(text) {
  return text.replace(/&(lt|gt|amp);/g, (m) => ENTITIES[m]);
}

function textWithEmoji(text) {
  return document.createTextNode(
    decode(text).replace(/:([a-z0-9_+-]+):/g, (m, name) => (EMOJI[name] ? EMOJI[name] : m)),
  );
}

const isWord = (ch) => !!ch && /[\p{L}\p{N}]/u.test(ch);

const DAY_MS = 86_400_000;

/**
 * `<!date^UNIX^{date_short_pretty} {time}|fallback>` as Slack's clients show it: in the reader's own time zone
 * (the browser's), so the sandbox shows what each reader sees. An unknown token keeps the fallback.
 * @param {string} target `!date^…`
 * @param {string} fallback
 * @param {Date} [now]
 */
function formatDate(target, fallback, now = new Date()) {
  const [, seconds, format] = target.split('^');
  const at = new Date(Number(seconds) * 1000);
  if (!format || Number.isNaN(at.getTime())) return fallback;
  const dayOf = (/** @type {Date} */ d) => Math.floor((d.getTime() - d.getTimezoneOffset() * 60_000) / DAY_MS);
  const pretty = (/** @type {string} */ otherwise) => {
    const days = dayOf(at) - dayOf(now);
    return days === 0 ? 'Today' : days === -1 ? 'Yesterday' : days === 1 ? 'Tomorrow' : otherwise;
  };
  const date = (/** @type {Intl.DateTimeFormatOptions} */ options) => at.toLocaleDateString('en-US', options);
  // Slack writes the long forms with an ordinal day: "February 18th, 2014".
  const day = at.getDate();
  const nth =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th';
  const long = `${date({ month: 'long' })} ${day}${nth}, ${at.getFullYear()}`;
  const weekday = `${date({ weekday: 'long' })}, ${long}`;
  const parts = {
    date_num: at.toLocaleDateString('en-CA'),
    date: long,
    date_short: date({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: weekday,
    date_pretty: pretty(long),
    date_short_pretty: pretty(date({ month: 'short', day: 'numeric', year: 'numeric' })),
    date_long_pretty: pretty(weekday),
    time: at.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
    time_secs: at.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
  };
  let known = true;
  const text = format.replace(/\{(\w+)\}/g, (_, name) => {
    if (name in parts) return parts[/** @type {keyof typeof parts} */ (name)];
    known = false;
    return '';
  });
  return known ? text : fallback;
}

/** `<…>`: mentions, channel links, special mentions, dates and links. */
function token(inner, ctx) {
  const [target, label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return span('mention', `@${ctx.userName(id) ?? (label ? decode(label) : id)}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = ctx.channelName(id) ?? (label ? decode(label) : id);
    const a = document.createElement('a');
    a.className = 'channel-link';
    a.href = `#${encodeURIComponent(id)}`;
    a.textContent = `#${name}`;
    a.addEventListener('click', (event) => {
      event.preventDefault();
      ctx.openChannel(id);
    });
    return a;
  }
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0];
    if (special === 'date') {
      const shown = document.createElement('time');
      shown.textContent = formatDate(target, decode(label ?? ''));
      shown.title = decode(label ?? '');
      return shown;
    }
    if (special === 'subteam') return span('mention', decode(label ?? '@group'));
    return span('mention', `@${special}`);
  }
  const url = decode(target);
  if (/^(https?:|mailto:)/i.test(url)) {
    const a = document.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = label ? decode(label) : url;
    return a;
  }
  return document.createTextNode(decode(label ?? target));
}

function splitOnce(text, sep) {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function span(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

const STYLES = { '*': 'strong', _: 'em', '~': 's' };

/** One line of inline mrkdwn into `parent`. */
function inline(text, parent, ctx) {
  let plain = '';
  const flush = () => {
    if (plain) parent.append(textWithEmoji(plain));
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '<') {
      const end = text.indexOf('>', i + 1);
      if (end > i + 1) {
        flush();
        parent.append(token(text.slice(i + 1, end), ctx));
        i = end + 1;
        continue;
      }
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        const code = document.createElement('code');
        code.textContent = decode(text.slice(i + 1, end));
        parent.append(code);
        i = end + 1;
        continue;
      }
    }
    if (STYLES[ch] && !isWord(text[i - 1]) && text[i + 1] && text[i + 1] !== ' ' && text[i + 1] !== ch) {
      const end = closing(text, i, ch);
      if (end > 0) {
        flush();
        const el = document.createElement(STYLES[ch]);
        inline(text.slice(i + 1, end), el, ctx);
        parent.append(el);
        i = end + 1;
        continue;
      }
    }
    plain += ch;
    i += 1;
  }
  flush();
}

/** Index of the marker closing the one at `start`, or -1: not after a space, not inside a word. */
function closing(text, start, ch) {
  for (let j = start + 2; j < text.length; j++) {
    if (text[j] === '<') {
      const end = text.indexOf('>', j);
      if (end > 0) j = end;
      continue;
    }
    if (text[j] === ch && text[j - 1] !== ' ' && !isWord(text[j + 1])) return j;
  }
  return -1;
}

/** Renders mrkdwn text (code blocks, quotes, lines, inline styles) as a fragment. */
export function mrkdwn(text, ctx) {
  const frag = document.createDocumentFragment();
  const parts = String(text ?? '').split('```');
  parts.forEach((part, partIndex) => {
    if (partIndex % 2 === 1) {
      const pre = document.createElement('pre');
      pre.textContent = decode(part.replace(/^\n/, ''));
      frag.append(pre);
      return;
    }
    let quote;
    const lines = part.split('\n');
    lines.forEach((line, lineIndex) => {
      const quoted = /^(&gt;|>)\s?/.exec(line);
      if (quoted) {
        if (!quote) {
          quote = document.createElement('blockquote');
          frag.append(quote);
        } else quote.append(document.createElement('br'));
        inline(line.slice(quoted[0].length), quote, ctx);
        return;
      }
      quote = undefined;
      inline(line, frag, ctx);
      if (lineIndex < lines.length - 1 && !/^(&gt;|>)/.test(lines[lineIndex + 1]))
        frag.append(document.createElement('br'));
    });
  });
  return frag;
}

/** A text object (plain_text or mrkdwn). */
export function textObject(object, ctx) {
  if (!object) return document.createDocumentFragment();
  if (object.type === 'mrkdwn') return mrkdwn(object.text, ctx);
  return textWithEmoji(String(object.text ?? '').replace(/&/g, '&amp;'));
}
