/** The buttons on an alert posted to be declared or dismissed (declare: ask); the value is the prompt's id. */
export const ALERT_DECLARE_BUTTON = 'firebreak_alert_declare';
export const ALERT_DISMISS_BUTTON = 'firebreak_alert_dismiss';
