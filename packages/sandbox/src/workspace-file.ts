import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { restoreWorkspace, snapshotWorkspace, type WorkspaceSnapshot } from '@firebreak/slack-emulator/snapshot';
import type { Workspace } from '@firebreak/slack-emulator/workspace';
import type { SandboxClock } from './clock';

/** The one thing the file asks of Firebreak's logger: a warning with fields. */
export interface WarningLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

const FORMAT = 1;
/** Changes come in bursts (one command makes a dozen calls): one write per burst. */
const DEBOUNCE_MS = 250;

interface Saved {
  format: typeof FORMAT;
  clockOffsetMs: number;
  workspace: WorkspaceSnapshot;
}

/**
 * The sandbox workspace on disk, under DATA_DIR beside the embedded database:
 * incidents survive a restart in PostgreSQL, so their channels, history, DMs
 * and the sandbox's clock must too, or a restarted sandbox points at channels
 * that no longer exist. Written whole to a temporary file and renamed over the
 * old one, so a crash mid-write leaves the previous copy intact.
 */
export class WorkspaceFile {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly file: string,
    private readonly log: WarningLog,
  ) {}

  /** What was saved, if anything: the clock offset (the clock is made first) and a restore for the new workspace. */
  async load(): Promise<{ clockOffsetMs: number; restore(ws: Workspace): void } | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    let saved: Saved;
    try {
      saved = JSON.parse(text) as Saved;
      if (saved.format !== FORMAT || !saved.workspace) throw new Error(`unknown format ${String(saved.format)}`);
    } catch (e) {
      // A damaged file must not stop a first try: keep it for a look, start a fresh workspace.
      const aside = `${this.file}.unreadable-${Date.now()}`;
      await rename(this.file, aside);
      this.log.warn(`the saved sandbox workspace could not be read (${(e as Error).message}): starting a fresh one`, {
        keptAs: aside,
      });
      return undefined;
    }
    return { clockOffsetMs: saved.clockOffsetMs, restore: (ws) => restoreWorkspace(ws, saved.workspace) };
  }

  /** Saves after every burst of changes from now on. */
  watch(ws: Workspace, clock: SandboxClock): void {
    this.unsubscribe = ws.onChange(() => {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.save(ws, clock);
      }, DEBOUNCE_MS);
      this.timer.unref();
    });
  }

  /** Stops watching and writes the final state. */
  async close(ws: Workspace, clock: SandboxClock): Promise<void> {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save(ws, clock);
  }

  /** Writes the current state; writes never overlap, and a failed one is logged, not thrown. */
  save(ws: Workspace, clock: SandboxClock): Promise<void> {
    const saved: Saved = { format: FORMAT, clockOffsetMs: clock.offsetMs, workspace: snapshotWorkspace(ws) };
    const text = JSON.stringify(saved);
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await mkdir(path.dirname(this.file), { recursive: true });
        await writeFile(tmp, text);
        await rename(tmp, this.file);
      } catch (e) {
        this.log.warn('could not save the sandbox workspace', { file: this.file, error: e });
      }
    });
    return this.writing;
  }
}
