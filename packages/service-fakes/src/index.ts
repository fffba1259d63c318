export { type Answer, FakeService, type Fault, type Handler, type ReceivedRequest } from './fake-service';
export { adfProblem, FakeJira, type JiraIssue, type JiraUser, type JiraWebhookDelivery } from './jira';
export { FakeOpsgenie, type OpsgenieAlert } from './opsgenie';
export { FakePagerDuty, type PagerDutyAlert } from './pagerduty';
export { type WebhookDelivery, WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver';
