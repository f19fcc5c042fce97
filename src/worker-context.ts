import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';

/** The worker process: the same modules without HTTP; the queue module starts the processors. */
export async function createWorkerContext(config: AppConfig) {
  const workerConfig = Object.assign(
    Object.create(Object.getPrototypeOf(config) as object) as AppConfig,
    config,
    {
      APP_ROLE: 'worker' as const,
    },
  );
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(workerConfig), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: stop the relay and sweeper, let jobs in flight finish, close pools; exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  return app;
}
