/** The review form's ids; the button that opens it is the kernel's (REVIEW_BUTTON), posted with the resolve notice. */
export const REVIEW_MODAL = 'firebreak_review';
/** Review answers: block id = `review_<question>`, action id = the question key. */
export const reviewBlockId = (question: string) => `review_${question}`;
export const REVIEW_DRAFT = { block: 'review_draft', action: 'draft', label: 'Save as draft', value: 'draft' } as const;
