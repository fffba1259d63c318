/** The message shortcut that adds a message to the timeline; the manifest and the sandbox name it too. */
export const TIMELINE_SHORTCUT = 'firebreak_add_to_timeline';
