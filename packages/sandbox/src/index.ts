/**
 * Firebreak's sandbox: what `npm start` runs on when no Slack credentials are set. The product
 * loads this package with one dynamic import (src/cli/run.ts), so a start with credentials, and the
 * Docker image, never load it.
 *
 * - SlackEmulator (re-exported from @firebreak/slack-emulator): the workspace the bot talks to.
 * - SandboxClock: the time the bot and the emulator share; the page moves it forward.
 * - WorkspaceFile: the workspace saved under DATA_DIR, so a restart finds its channels again.
 * - mountSandboxPage: the browser page (page/) and its JSON API, served by the emulator.
 * - sandboxPolicy: the policy a first try runs with (the defaults plus a recovery plan and its drills).
 * - SandboxIntegrations: the fakes of the services around Slack (PagerDuty, webhooks, Confluence…), started on free ports, and the
 *   policy and environment that point the bot at them; the page's Integrations panel shows what they received.
 */
export { SlackEmulator } from '@firebreak/slack-emulator';
export { mountSandboxPage, type SandboxPageOptions } from './api';
export { SandboxClock } from './clock';
export { type IntegrationsView, SandboxIntegrations, type SandboxPage, type SandboxWikiPage } from './integrations';
export { type SandboxPlans, sandboxPolicy } from './policy';
export { type WarningLog, WorkspaceFile } from './workspace-file';
