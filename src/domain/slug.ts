export const MAX_CHANNEL_NAME = 80;

// Cyrillic is common enough among our users that dropping it would leave bare `inc-12` names.
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
};

/** Lowercase ASCII words joined by `-`: the only alphabet Slack accepts in channel names. */
export function slugify(title: string): string {
  const lowered = title.toLowerCase();
  let out = '';
  for (const ch of lowered) out += CYRILLIC[ch] ?? ch;
  return out
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `inc-<n>-<slug>`, or `inc-<n>-<slug>-<suffix>` after a `name_taken`; never longer
 * than Slack's 80 characters and never ending in a dash.
 */
export function channelName(number: number, title: string, suffix?: number): string {
  const head = `inc-${number}`;
  const tail = suffix && suffix > 1 ? `-${suffix}` : '';
  const room = MAX_CHANNEL_NAME - head.length - tail.length - 1;
  const slug = slugify(title).slice(0, Math.max(0, room)).replace(/-+$/, '');
  return slug ? `${head}-${slug}${tail}` : `${head}${tail}`;
}

export function isValidChannelName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_CHANNEL_NAME && /^[a-z0-9_-]+$/.test(name);
}
