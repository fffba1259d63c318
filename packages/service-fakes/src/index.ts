export { type ConfluencePage, FakeConfluence } from './confluence';
export { type Answer, FakeService, type Fault, type Handler, type ReceivedRequest } from './fake-service';
export { FakeGitHub, type GitHubComment, type GitHubHookDelivery, type GitHubIssue } from './github';
export { adfProblem, FakeJira, type JiraIssue, type JiraUser, type JiraWebhookDelivery } from './jira';
export { FakeOpsgenie, type OpsgenieAlert } from './opsgenie';
export { FakePagerDuty, type PagerDutyAlert } from './pagerduty';
export {
  FakeStatuspage,
  type StatuspageComponent,
  type StatuspageIncident,
  type StatuspageIncidentUpdate,
} from './statuspage';
export { type WebhookDelivery, WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver';
export { xmlProblem } from './xhtml';
