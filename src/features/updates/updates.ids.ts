import { formFields } from '../../kernel/slack/ids';

/** The update form's ids and the nudge's buttons; the header's Post update button is the kernel's. */
export const UPDATE_MODAL = 'firebreak_update';
export const UPDATE_FIELDS = formFields('update', {
  status: 'Status',
  severity: 'Severity',
  text: 'What changed / what we know',
  next: 'Next update in',
  publish: 'Publish to the status page',
  publicMessage: 'Public message',
  publicStatus: 'Public status',
  componentStatus: 'Component status',
});
/** The one option of the *Publish to the status page* checkbox. */
export const PUBLISH_OPTION = 'publish';
export const POST_UPDATE_BUTTON = 'firebreak_post_update';
export const SNOOZE_BUTTON = 'firebreak_snooze';
