// Slack's published limits, in one place so tests and handlers agree.

export const LIMITS = {
  channelName: 80,
  topic: 250,
  postText: 40000,
  updateText: 4000,
  messageBlocks: 50,
  modalBlocks: 100,
  attachments: 100,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  options: 100,
  contextElements: 10,
  actionsElements: 25,
  labelText: 2000,
  triggerMs: 3000,
  responseUrlUses: 5,
  responseUrlMs: 30 * 60 * 1000,
  viewStack: 3,
} as const;

/**
 * conversations.create's name check. Slack reports the first broken rule;
 * the order (required, length, characters) follows its docs.
 */
export function channelNameError(name: string | undefined): string | undefined {
  if (!name) return 'invalid_name_required';
  if (name.length > LIMITS.channelName) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  return undefined;
}

/**
 * Slack measures chat.update's 4000 limit after escaping &, <, > (stack notes),
 * so a text full of '<' hits it sooner than its length suggests.
 */
export function escapedLength(text: string): number {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').length;
}

/** Offset of an IANA zone at an instant, in seconds, as users.info's tz_offset. */
export function tzOffsetSeconds(tz: string, atMs: number): number {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date(atMs))
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = part?.match(/GMT([+-])(\d{2}):(\d{2})/);
    if (!m) return 0;
    const secs = Number(m[2]) * 3600 + Number(m[3]) * 60;
    return m[1] === '-' ? -secs : secs;
  } catch {
    return 0;
  }
}
