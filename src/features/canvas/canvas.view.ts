import { formatDuration } from '../../domain/duration';
import { drillMark, incidentRef } from '../../domain/incident';
import { incidentFieldLines } from '../../domain/incident-types';
import { escapeInline, slackToPlain } from '../../domain/markdown';
import { STATUS_LABEL } from '../../domain/status';
import { CANVAS_KEY_ENTRIES, type CanvasFacts } from './canvas';
import type { CanvasLink } from './canvas.ports';

/**
 * Open follow-ups listed; the rest are counted. With every text cut to length, a canvas stays some tens of
 * kilobytes, far under Slack's 1 MiB limit on a canvas's markdown.
 */
const FOLLOWUPS_SHOWN = 50;

/** People's text, cut to `max` characters, as one line that shows itself and nothing else (no link, heading, list). */
function text(raw: string, max: number): string {
  const plain = slackToPlain(raw, {}).replace(/\s+/g, ' ').trim();
  return escapeInline(plain.length > max ? `${plain.slice(0, max - 1)}…` : plain);
}

/** A person, as the canvas's mention (each reader sees the name); anything not shaped like a Slack id is text. */
function person(id: string | null | undefined): string {
  if (!id) return '_nobody_';
  return /^[UW][A-Z0-9]{1,20}$/.test(id) ? `![](@${id})` : text(id, 40);
}

/** A canvas has no date token of messages: times are written in UTC, durations stay durations. */
const utc = (when: Date): string => `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * A link as Markdown: only http(s) addresses are made links, their characters that could end the link escaped;
 * anything else (a `javascript:` address, a typo) shows as text.
 */
export function linkMarkdown(link: CanvasLink): string {
  const label = text(link.label, 200) || 'link';
  let url: URL | undefined;
  try {
    url = new URL(link.url);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) return `${label}: ${text(link.url, 300)}`;
  // URL#href percent-encodes spaces, quotes and angle brackets; brackets are what Markdown would read as the end.
  const href = url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${label}](${href})`;
}

/** The canvas of an incident's channel, as Slack's canvas markdown. */
export function canvasMarkdown(c: CanvasFacts): string {
  const { incident } = c;
  const lines: string[] = [];
  const drill = incident.isDrill ? `${escapeInline(drillMark(incident))} ` : '';
  lines.push(`# ${drill}${incidentRef(incident.number)}: ${text(incident.title, 200)}`);
  if (incident.isDrill) lines.push('', '> This is a drill: a rehearsal, not a real incident.');
  if (incident.isPrivate) lines.push('', '_Private incident: only this channel’s members see it._');
  lines.push(
    '',
    [
      `**Status:** ${STATUS_LABEL[incident.status]}`,
      `**Severity:** ${incident.severity ?? 'not set'}`,
      `**Category:** ${incident.category ? text(incident.category, 75) : 'none'}`,
      `**Running:** ${formatDuration(c.runningMs)}`,
    ].join(' · '),
    '',
    `Declared ${utc(incident.declaredAt)} by ${person(incident.declaredBy)}`,
  );
  const fields = incidentFieldLines(incident, { types: c.types }, { user: person, text: (t) => text(t, 300) });
  if (fields.length) lines.push('', ...fields.map((f) => `**${text(f.label, 80)}:** ${f.value}`));
  if (incident.summary.trim()) lines.push('', '## Summary', '', text(incident.summary, 1500));
  lines.push(
    '',
    '## Roles',
    '',
    `- Commander: ${person(incident.roles.commander)}`,
    `- Comms: ${person(incident.roles.comms)}`,
    `- Scribe: ${person(incident.roles.scribe)}`,
    // The policy's other roles, as their holders were given them.
    ...Object.entries(incident.extraRoles ?? {}).map(([role, user]) => `- ${text(role, 60)}: ${person(user)}`),
  );
  lines.push('', '## Latest update', '');
  lines.push(c.latestUpdate ? `${text(c.latestUpdate.text, 1500)} (${utc(c.latestUpdate.at)})` : '_None yet._');
  if (c.nextUpdateDue) lines.push('', `**Next update due:** ${utc(c.nextUpdateDue)}`);
  lines.push('', '## Key timeline', '');
  if (c.keyEntries.length)
    for (const e of c.keyEntries) lines.push(`- ${utc(e.at)} ${person(e.author)}: ${text(e.text, 500)}`);
  else lines.push('_Nothing marked key yet._');
  if (c.keyEntries.length >= CANVAS_KEY_ENTRIES)
    lines.push('', '_The latest entries; `/incident timeline` has them all._');
  lines.push('', '## Open follow-ups', '');
  if (c.openFollowups.length) {
    for (const f of c.openFollowups.slice(0, FOLLOWUPS_SHOWN))
      lines.push(
        `- ${text(f.text, 300)} (${person(f.owner)}${f.due && /^\d{4}-\d{2}-\d{2}$/.test(f.due) ? `, due ${f.due}` : ''})${f.ticket ? ` · ${linkMarkdown({ label: f.ticket.key, url: f.ticket.url })}` : ''}`,
      );
    if (c.openFollowups.length > FOLLOWUPS_SHOWN)
      lines.push(`- …and ${c.openFollowups.length - FOLLOWUPS_SHOWN} more (\`/incident followups\`)`);
  } else lines.push('_None open._');
  lines.push('', '## Links', '');
  if (c.links.length) for (const l of c.links) lines.push(`- ${linkMarkdown(l)}`);
  else lines.push('_None yet._');
  lines.push('', '---', '', `_Kept current by Firebreak; last redrawn ${utc(c.now)}._`);
  return `${lines.join('\n')}\n`;
}
