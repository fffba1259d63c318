import type { Incident } from '../../domain/incident';
import type { Clock } from '../../kernel/clock';
import type { DeliveryDeps, NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { type StepContext, step } from '../../kernel/outbox/outbox';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { type CanvasNeed, readCanvas } from './canvas';
import type { CanvasLinkSource } from './canvas.ports';
import { canvasMarkdown } from './canvas.view';

export interface CanvasDeliveryDeps extends DeliveryDeps<CanvasNeed> {
  clock: Clock;
  /** The workspace (auth.test's team): a refusal of canvases holds for all its incidents. */
  team: string;
  /** When this process started: a refusal recorded before it is tried once more. */
  startedAt: Date;
  linkSources: readonly CanvasLinkSource[];
}

/**
 * What a workspace answers when it will not have canvases at all (a free plan, canvases turned off, the app
 * without canvases:write): asking again for the next incident would get the same, so it is asked no more.
 */
const WORKSPACE_REFUSALS: ReadonlySet<string> = new Set([
  'free_teams_cannot_create_non_tabbed_canvases',
  'free_teams_cannot_create_standalone_canvases',
  'free_teams_cannot_edit_standalone_canvases',
  'team_tier_cannot_create_channel_canvases',
  'canvas_disabled_user_team',
  'missing_scope',
  'not_allowed_token_type',
  'restricted_action',
]);

/**
 * One step: the canvas redrawn from the record as it stands now (so a retry draws the newest), created in the
 * channel the first time. Its id is stored before anything else; a create whose answer was lost is found through
 * the channel (`conversations.info`) before creating again, and Slack's own one-canvas-per-channel rule is read too.
 */
export function canvasDeliveries(deps: CanvasDeliveryDeps): Pick<NoticeDeliveries, 'canvas_refresh'> {
  return {
    canvas_refresh: (notice) => [step('canvas', (ctx) => refresh(deps, notice.incident.id, ctx))],
  };
}

async function refresh(deps: CanvasDeliveryDeps, incidentId: number, ctx: StepContext): Promise<void> {
  const { uow } = deps;
  const incident = await uow.incidents.findById(incidentId);
  // No channel yet (its declared notice owes a redraw), or none any more.
  if (!incident?.channelId || incident.channelGoneAt) return;
  if (await uow.canvases.refusalSince(deps.team, deps.startedAt)) return;
  const markdown = canvasMarkdown(await readCanvas(uow, incident, deps.clock.now(), deps.policy, deps.linkSources));
  const document_content = { type: 'markdown' as const, markdown };
  try {
    const stored = await uow.canvases.canvasOf(incident.id);
    if (stored && (await edit(deps, incident, stored, markdown))) return;
    // An earlier try may have created it and lost the answer: the channel says.
    const found = ctx.resumed ? await channelCanvas(deps, incident) : undefined;
    if (found) return await adopt(deps, incident, found, markdown);
    const created = await createOrFind(deps, incident, document_content);
    if (created.found) return await adopt(deps, incident, created.id, markdown);
    await uow.canvases.save(incident.id, created.id, deps.clock.now());
  } catch (error) {
    const code = slackErrorCode(error);
    if (!WORKSPACE_REFUSALS.has(code)) throw error;
    const now = deps.clock.now();
    if (await uow.canvases.refuse(deps.team, code, now, deps.startedAt))
      deps.log.warn('Slack refused the incident canvas; incidents keep their pinned header only until a restart', {
        incident: incident.number,
        code,
      });
  }
}

async function createOrFind(
  deps: CanvasDeliveryDeps,
  incident: Incident,
  document_content: { type: 'markdown'; markdown: string },
): Promise<{ id: string; found: boolean }> {
  try {
    const answer = await deps.client.conversations.canvases.create({
      channel_id: incident.channelId,
      document_content,
    });
    if (!answer.canvas_id) throw new Error('conversations.canvases.create answered without canvas_id');
    return { id: answer.canvas_id, found: false };
  } catch (error) {
    if (slackErrorCode(error) !== 'channel_canvas_already_exists') throw error;
    const found = await channelCanvas(deps, incident);
    if (!found) throw error;
    return { id: found, found: true };
  }
}

/** A canvas found in the channel (ours from a lost answer, or one a person made): stored, then drawn over. */
async function adopt(deps: CanvasDeliveryDeps, incident: Incident, canvasId: string, markdown: string): Promise<void> {
  await deps.uow.canvases.save(incident.id, canvasId, deps.clock.now());
  if (!(await edit(deps, incident, canvasId, markdown))) throw new Error(`canvas ${canvasId} vanished as it was found`);
}

/** False when the canvas is gone (someone deleted it): forgotten, so the channel gets a new one. */
async function edit(
  deps: CanvasDeliveryDeps,
  incident: Incident,
  canvasId: string,
  markdown: string,
): Promise<boolean> {
  try {
    await deps.client.canvases.edit({
      canvas_id: canvasId,
      changes: [{ operation: 'replace', document_content: { type: 'markdown', markdown } }],
    });
  } catch (error) {
    if (slackErrorCode(error) !== 'canvas_not_found') throw error;
    await deps.uow.canvases.forget(incident.id);
    return false;
  }
  await deps.uow.canvases.edited(incident.id, deps.clock.now());
  return true;
}

/** The channel's canvas as Slack lists it (`properties.canvas.file_id`), if it has one. */
async function channelCanvas(deps: CanvasDeliveryDeps, incident: Incident): Promise<string | undefined> {
  const info = await deps.client.conversations.info({ channel: incident.channelId });
  const properties = (info.channel as { properties?: { canvas?: { file_id?: string } } } | undefined)?.properties;
  return properties?.canvas?.file_id;
}
