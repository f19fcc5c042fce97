import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ON_JOB } from './on-job.decorator.js';
import { isJobName, type JobContext, type JobName, jobNames } from './jobs.js';

type AnyHandler = (payload: unknown, ctx: JobContext) => Promise<unknown>;

interface Registered {
  handler: AnyHandler;
  where: string;
}

/**
 * Finds every `@OnJob` method at start-up. Start-up fails when a job of `JOBS` has no handler or
 * more than one, or when a handler names a job that `JOBS` does not list.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly handlers = new Map<JobName, Registered>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const found = new Map<string, Registered[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = Reflect.getMetadata(ON_JOB, fn) as string | undefined;
        if (!name) continue;
        const list = found.get(name) ?? [];
        list.push({
          // Looked up on each call, so the method can be wrapped (spied on) after start-up.
          handler: (payload, ctx) => (instance[method] as AnyHandler).call(instance, payload, ctx),
          where: `${instance.constructor.name}.${method}`,
        });
        found.set(name, list);
      }
    }
    const problems: string[] = [];
    for (const [name, list] of found) {
      if (!isJobName(name)) problems.push(`@OnJob('${name}') on ${list[0].where}: not a job of JOBS`);
    }
    for (const name of jobNames()) {
      const list = found.get(name) ?? [];
      if (list.length === 0) problems.push(`job '${name}' has no @OnJob handler`);
      else if (list.length > 1)
        problems.push(`job '${name}' has ${list.length} handlers: ${list.map((h) => h.where).join(', ')}`);
      else this.handlers.set(name, list[0]);
    }
    if (problems.length) {
      throw new Error(`Job registry (src/queue/jobs.ts) is inconsistent:\n  - ${problems.join('\n  - ')}`);
    }
    this.logger.log(`${this.handlers.size} job handlers registered`);
  }

  handler(name: string): AnyHandler | undefined {
    return isJobName(name) ? this.handlers.get(name)?.handler : undefined;
  }
}
