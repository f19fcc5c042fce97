import type { JobContext, JobName, JobPayloads } from './jobs.js';

export const ON_JOB = Symbol('queue:on-job');

/**
 * Marks a provider method as the handler of a job. It runs inside the job's transaction
 * (`ctx.em`), in which the outbox event is marked processed: a redelivered job does nothing.
 * The method must be idempotent in its own right too (re-read state; do nothing when done).
 */
export function OnJob<N extends JobName>(name: N) {
  return <T extends (payload: JobPayloads[N], ctx: JobContext) => Promise<unknown>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    Reflect.defineMetadata(ON_JOB, name, descriptor.value as object);
  };
}
