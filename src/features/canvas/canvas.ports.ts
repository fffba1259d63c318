import type { Incident } from '../../domain/incident';

/** Each incident's canvas, and the workspaces that refused canvases. */
export interface CanvasRepository {
  /** The canvas Slack named for the incident's channel, once it did. */
  canvasOf(incidentId: number): Promise<string | undefined>;
  /** Stores the channel's canvas (the first name stands: a second replica finding the same canvas changes nothing). */
  save(incidentId: number, canvasId: string, at: Date): Promise<void>;
  edited(incidentId: number, at: Date): Promise<void>;
  /** The canvas is gone from Slack (deleted by someone): the next refresh makes a new one. */
  forget(incidentId: number): Promise<void>;
  /** The workspace's refusal recorded at or after `since` (this process's start), if any. */
  refusalSince(team: string, since: Date): Promise<{ error: string; at: Date } | undefined>;
  /** True when this call recorded it (not already recorded since `since`): the caller logs it once. */
  refuse(team: string, error: string, at: Date, since: Date): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface CanvasRepositories {
  canvases: CanvasRepository;
}

/** A link the canvas lists (a runbook, the alert, a ticket, the status page…). */
export interface CanvasLink {
  label: string;
  url: string;
}

/**
 * Where the canvas's links come from, read at each refresh: another feature (tickets, the status page, the review's
 * wiki page) hands one of these to the canvas in main.ts, and the canvas lists what it answers.
 */
export type CanvasLinkSource = (incident: Incident) => Promise<readonly CanvasLink[]>;
