import { jest } from '@jest/globals';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobRegistry } from './job-registry.js';
import { Job } from './job.decorator.js';
import { type JobHandler, type JobName, QueueName, STANDARD_RETRY } from './jobs.js';

// Job names of this test only: the real ones are declared by the modules' job files.
const ONE = 'test.one' as JobName;
const TWO = 'test.two' as JobName;

@Job({ name: ONE, queue: QueueName.System, retry: STANDARD_RETRY })
class OneJob implements JobHandler<JobName> {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

@Job({ name: TWO, queue: QueueName.Notifications, retry: { attempts: 3, backoffMs: 500 } })
class TwoJob implements JobHandler<JobName> {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

@Job({ name: TWO, queue: QueueName.Notifications, retry: STANDARD_RETRY })
class SecondTwoJob implements JobHandler<JobName> {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

@Job({ name: ONE, queue: 'nowhere' as QueueName, retry: STANDARD_RETRY })
class UnknownQueueJob implements JobHandler<JobName> {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

@Job({ name: ONE, queue: QueueName.System, retry: { attempts: 0, backoffMs: 0 } })
class NoAttemptsJob implements JobHandler<JobName> {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

async function boot(...providers: (new (...args: never[]) => unknown)[]) {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobRegistry, ...providers],
  })
    .setLogger(false as never)
    .compile();
  await ref.init();
  return ref;
}

describe('JobRegistry', () => {
  it('finds every @Job class, with its queue and retry policy', async () => {
    const ref = await boot(OneJob, TwoJob);
    const registry = ref.get(JobRegistry);
    expect(registry.names()).toEqual([ONE, TWO]);
    expect(registry.handler(ONE)).toBeInstanceOf(Function);
    expect(registry.handler('nope')).toBeUndefined();
    expect(registry.definition(TWO).queue).toBe(QueueName.Notifications);
    expect(registry.jobOptions(TWO)).toEqual({ attempts: 3, backoff: { type: 'exponential', delay: 500 } });
    expect(registry.activeQueues().sort()).toEqual([QueueName.Notifications, QueueName.System]);
    expect(registry.maxAttempts()).toBe(STANDARD_RETRY.attempts);
    await ref.close();
  });

  it('calls the instance method, so a spy set after start-up sees the call', async () => {
    const ref = await boot(OneJob);
    const spy = jest.spyOn(ref.get(OneJob), 'handle');
    await ref.get(JobRegistry).handler(ONE)!({}, {} as never);
    expect(spy).toHaveBeenCalledTimes(1);
    await ref.close();
  });

  it('refuses an event of a job that no class declares', async () => {
    const ref = await boot(OneJob);
    expect(() => ref.get(JobRegistry).definition('nope')).toThrow(/Unknown job nope: declare it with @Job/);
    await ref.close();
  });

  it('fails start-up when a job has two handlers', async () => {
    await expect(boot(OneJob, TwoJob, SecondTwoJob)).rejects.toThrow(
      /job 'test.two' has 2 handlers: TwoJob, SecondTwoJob/,
    );
  });

  it('fails start-up when a job names an unknown queue', async () => {
    await expect(boot(UnknownQueueJob)).rejects.toThrow(
      /job 'test.one' \(UnknownQueueJob\): unknown queue 'nowhere'/,
    );
  });

  it('fails start-up when a retry policy cannot run the job', async () => {
    await expect(boot(NoAttemptsJob)).rejects.toThrow(
      /job 'test.one' \(NoAttemptsJob\): retry needs attempts >= 1/,
    );
  });
});
