import type { SlackDeps } from '../../kernel/slack/deps';
import type { FeedbackRepositories } from '../feedback/feedback.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';
import type { DeclaredHook, ShortcutsRepositories } from '../shortcuts/shortcuts.ports';
import type { StatsReader } from '../stats/stats.ports';
import type { RemindersNeed, SyncsReminders } from '../updates/reminders.ports';
import type { ChannelGateway } from './channel.ports';
import type { OfferRecoveryGuide } from './recovery-guide.ports';

/** The repositories the lifecycle's use cases touch: reminders follow every change, a close asks for feedback. */
export type IncidentsNeed = RemindersNeed & FeedbackRepositories & RecoveryRepositories & ShortcutsRepositories;

/** What this feature's listeners get: every listener's deps, plus its gateway and ports. */
export type IncidentsSlackDeps = SlackDeps<IncidentsNeed> &
  SyncsReminders & {
    channels: ChannelGateway;
    stats: StatsReader;
    offerRecoveryGuide: OfferRecoveryGuide;
    declaredHook: DeclaredHook;
    /** Someone other than Firebreak joined an incident channel (the catch-up card is owed to late joiners). */
    joined: Joined;
  };

export type Joined = (params: { channelId: string; user: string }) => Promise<void>;
