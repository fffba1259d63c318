export { type Answer, FakeService, type Fault, type Handler, type ReceivedRequest } from './fake-service';
