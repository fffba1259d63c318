import { ServiceCallError } from '../../src/kernel/outbound/service-call';

/** The ServiceCallError a call to another service was refused with (the test fails when it resolves or throws else). */
export async function failureOf(call: Promise<unknown>): Promise<ServiceCallError> {
  const e = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(e instanceof ServiceCallError)) throw new Error(`expected a ServiceCallError, got ${String(e)}`);
  return e;
}
