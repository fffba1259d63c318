/**
 * Text people typed in Slack, made safe to print on a terminal: an escape sequence
 * (`\u001b[2J` clears the screen, OSC 52 writes the clipboard) or a bare control
 * character would act on the reader's terminal instead of being read. Whole ANSI
 * sequences go, so no `[2J` is left behind; then every other C0 control but tab and
 * newline, DEL and the C1 controls (U+0080–U+009F, which some terminals obey too).
 */
const ANSI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~])?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function forTerminal(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}
