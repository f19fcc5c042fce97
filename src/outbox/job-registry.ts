import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB, type JobDefinition } from './job.decorator.js';
import type { JobsOptions } from 'bullmq';
import {
  type JobContext,
  type JobHandler,
  type JobName,
  QueueName,
  type RetryPolicy,
  STANDARD_RETRY,
} from './jobs.js';

type AnyHandler = (payload: unknown, ctx: JobContext) => Promise<unknown>;

interface Registered {
  definition: JobDefinition;
  handler: AnyHandler;
  where: string;
  hasHandle: boolean;
}

/**
 * Every job of the application, found at start-up from the `@Job` classes of all modules. Start-up
 * fails when two classes declare the same job, a job names an unknown queue, its retry policy is
 * not usable, or the class has no `handle` method. The outbox refuses an event of a job that no
 * class declares, and the relay and the workers read each job's queue and retry policy here.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly jobs = new Map<string, Registered>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = new Map<string, Registered[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Partial<JobHandler<JobName>> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const definition = Reflect.getMetadata(JOB, instance.constructor) as JobDefinition | undefined;
      if (!definition) continue;
      const list = found.get(definition.name) ?? [];
      list.push({
        definition,
        // Looked up on each call, so the method can be wrapped (spied on) after start-up.
        handler: (payload, ctx) => (instance.handle as AnyHandler).call(instance, payload, ctx),
        where: instance.constructor.name,
        hasHandle: typeof instance.handle === 'function',
      });
      found.set(definition.name, list);
    }
    const queues = new Set<string>(Object.values(QueueName));
    const problems: string[] = [];
    for (const [name, list] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
      const [{ definition, where }] = list;
      if (list.length > 1) {
        problems.push(`job '${name}' has ${list.length} handlers: ${list.map((h) => h.where).join(', ')}`);
      } else if (!queues.has(definition.queue)) {
        problems.push(`job '${name}' (${where}): unknown queue '${definition.queue}'`);
      } else if (!(definition.retry?.attempts >= 1) || !(definition.retry.backoffMs >= 0)) {
        problems.push(`job '${name}' (${where}): retry needs attempts >= 1 and backoffMs >= 0`);
      } else if (!list[0].hasHandle) {
        problems.push(`job '${name}' (${where}): no handle(payload, ctx) method`);
      } else {
        this.jobs.set(name, list[0]);
      }
    }
    if (problems.length) {
      throw new Error(`Job registry is inconsistent:\n  - ${problems.join('\n  - ')}`);
    }
    this.logger.log(`${this.jobs.size} job handlers registered`);
  }

  handler(name: string): AnyHandler | undefined {
    return this.jobs.get(name)?.handler;
  }

  /** The job's declaration; throws for a job that no `@Job` class declares (a programming error). */
  definition(name: string): JobDefinition {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job ${name}: declare it with @Job in its module's jobs/ folder`);
    return job.definition;
  }

  /** The job's retry policy; the standard one for a name no class declares (an old row). */
  retryOf(name: string): RetryPolicy {
    return this.jobs.get(name)?.definition.retry ?? STANDARD_RETRY;
  }

  /** BullMQ options of the job's retry policy, given to every add of it. */
  jobOptions(name: string): Pick<JobsOptions, 'attempts' | 'backoff'> {
    const retry = this.retryOf(name);
    return { attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } };
  }

  /** Every registered job name, sorted. */
  names(): JobName[] {
    return [...this.jobs.keys()].sort() as JobName[];
  }

  /** Queues that have at least one job. */
  activeQueues(): QueueName[] {
    return [...new Set([...this.jobs.values()].map((j) => j.definition.queue))];
  }

  /** The most attempts any job has (the sweeper's first filter; each row is checked against its own job). */
  maxAttempts(): number {
    return Math.max(1, ...[...this.jobs.values()].map((j) => j.definition.retry.attempts));
  }
}
