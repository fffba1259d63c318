/** Whether someone counts as an admin (the policy's users or user group). */
export interface AdminDirectory {
  isAdmin(user: string): Promise<boolean>;
}

/** Names and time zones for the review document; unknown people come back as their id. */
export interface PeopleDirectory {
  lookup(ids: readonly string[]): Promise<Record<string, { name: string; tz: string | null }>>;
  /** The ids that are not active people of this workspace (unknown, deactivated or bots). */
  notPeople(ids: readonly string[]): Promise<string[]>;
  /**
   * The active people each typed name (`bob` for `@bob`) may mean: matched on the
   * username, display name or full name, case and spaces aside. Keys are the names as given.
   */
  byName(names: readonly string[]): Promise<Record<string, { id: string; name: string }[]>>;
}
