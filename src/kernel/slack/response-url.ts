/** Where Slack's response_urls live (https://hooks.slack.com/commands/…, …/actions/…). */
const SLACK_HOOKS = 'https://hooks.slack.com';

/**
 * Whether a response_url read back from a modal's private_metadata is one Slack
 * could have issued: on hooks.slack.com, or on the Slack the bot talks to (the
 * emulator serves both from one origin). Metadata can be forged, and the bot
 * POSTs to this URL, so any other address is refused rather than fetched.
 */
export function isSlackResponseUrl(raw: string, slackApiUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.origin === SLACK_HOOKS || url.origin === new URL(slackApiUrl).origin;
}
