import type { WebClient } from '@slack/web-api';
import type { Policy } from '../../domain/policy';
import type { AdminDirectory } from '../directory.ports';
import type { Logger } from '../log';

const TTL_MS = 5 * 60_000;

/** The policy's admin users, plus the members of its admin user group (looked up and cached). */
export class SlackAdminDirectory implements AdminDirectory {
  private group: { members: Set<string>; until: number } | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly policy: Policy,
    private readonly log: Logger,
  ) {}

  async isAdmin(user: string): Promise<boolean> {
    if (this.policy.admins.includes(user)) return true;
    const usergroup = this.policy.adminGroup;
    if (!usergroup) return false;
    if (!this.group || this.group.until < Date.now()) {
      try {
        const res = await this.client.usergroups.users.list({ usergroup });
        this.group = { members: new Set(res.users ?? []), until: Date.now() + TTL_MS };
      } catch (e) {
        // Refusing is the safe side: the commander can still act.
        this.log.warn('could not read the admin user group', { usergroup, error: e });
        return false;
      }
    }
    return this.group.members.has(user);
  }
}
