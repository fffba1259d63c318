/** The button under the resolve message that ends the public incident too; its value is the incident's number. */
export const RESOLVE_PUBLIC_BUTTON = 'firebreak_resolve_status_page';
