/** A form replaced by one message and a Close button: the answer shows where the person is looking. */
export function answerView(title: string, text: string) {
  return {
    response_action: 'update' as const,
    view: {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: title },
      close: { type: 'plain_text' as const, text: 'Close' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    },
  };
}

/**
 * What a form shows when its submission was already applied (a double click, a
 * resend): closing it silently would look like the form did nothing.
 */
export const alreadyDoneView = (title: string, text: string) => answerView(title, text);
