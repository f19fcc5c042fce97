import { Injectable } from '@nestjs/common';
import type { JobHandler, JobName, QueueName, RetryPolicy } from './jobs.js';

export const JOB = Symbol('outbox:job');

/** What `@Job` declares about a job: its name, its queue and how it is retried. */
export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  queue: QueueName;
  retry: RetryPolicy;
}

/**
 * Declares a provider class as the handler of one job (its `handle` method). The job registry
 * finds it at start-up; list the class in its module's providers.
 */
export function Job<N extends JobName>(definition: JobDefinition<N>) {
  return (target: new (...args: never[]) => JobHandler<N>): void => {
    Reflect.defineMetadata(JOB, definition, target);
    Injectable()(target);
  };
}
