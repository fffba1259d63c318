export { type Answer, FakeService, type Fault, type Handler, type ReceivedRequest } from './fake-service';
export { type WebhookDelivery, WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver';
