import { MAX_SUMMARY, MAX_TITLE } from '../../domain/incident';
import { cut } from '../../domain/text';
import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import type { SourceMessage } from '../../kernel/outbox/notice';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { ShortcutsRepositories } from '../shortcuts/shortcuts.ports';

/**
 * Whether `user` may declare from a message of `channelId`: a private incident's channel only for its people. (Any
 * other conversation is checked with Slack when the incident opens, before anything of the message is kept.)
 */
export async function mayDeclareFrom(uow: UnitOfWork, channelId: string, user: string): Promise<boolean> {
  const incident = await uow.incidents.findByChannel(channelId);
  return !incident || isOneOfItsPeople(uow, incident, user);
}

/** The form's title: the message's first line with words in it, cut to the title's limit. */
export function titleFrom(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return cut(line.trim(), MAX_TITLE).trim();
}

/** The form's summary: the message's text, then the link back to it. */
export function summaryFrom(text: string, permalink: string | null): string {
  const link = permalink ? `\n\n${permalink}` : '';
  return `${cut(text.trim(), MAX_SUMMARY - link.length)}${link}`;
}

/** Kept by the form's view id: what its submission's declaration starts its timeline with. */
export const rememberDeclareSource = (
  deps: { uow: UnitOfWork<ShortcutsRepositories>; clock: Clock },
  viewId: string,
  source: SourceMessage,
): Promise<void> => deps.uow.shortcuts.rememberSource(viewId, source, deps.clock.now());
