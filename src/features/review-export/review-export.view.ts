import { type Incident, incidentRef } from '../../domain/incident';
import { section } from '../../kernel/outbox/notices.view';
import { safeText } from '../../kernel/slack/mrkdwn';

/** The follow-on to the review's post: where the company reads it now. */
export function wikiPageMessage(incident: Incident, page: { title: string; url: string | null; version: number }) {
  const name = safeText(page.title, 300);
  const link = page.url ? `<${page.url}|${name.replace(/[|>]/g, '')}>` : `*${name}*`;
  const what = page.version > 1 ? `is updated in the wiki (version ${page.version})` : 'is in the wiki';
  return section(`:memo: The post-incident review of *${incidentRef(incident.number)}* ${what}: ${link}`);
}

/** Told once when the wiki refused the page for good (bad credentials, no such space): it is not retried. */
export const wikiRefusedMessage = (incident: Incident, why: string) =>
  section(
    `:warning: Confluence refused the wiki page of *${incidentRef(incident.number)}*'s review: ${safeText(why, 500)}. The review is still here in Slack; whoever runs Firebreak can check \`reviewExport\` in its configuration, then publish the review again.`,
  );

/** A private incident's review stays in Slack: the wiki is read company-wide. Told once. */
export const wikiWithheldMessage = (incident: Incident) =>
  section(
    `The review of *${incidentRef(incident.number)}* is not published to the wiki: this incident is private, and the wiki is read across the company. The review stays in this channel.`,
  );
