import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { QueueRegistry } from './queue-registry.js';
import { QueueWorkers } from './queue-workers.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxSweeper } from './outbox-sweeper.service.js';

/**
 * Starts the background machinery in worker processes (APP_ROLE `worker` or `all`) and stops it
 * in order at shutdown, before the database closes: the relay and the sweeper first, then the
 * workers (waiting for jobs in flight), then the queues and their connections.
 */
@Injectable()
export class OutboxRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRuntime.name);

  constructor(
    private readonly config: AppConfig,
    private readonly relay: OutboxRelay,
    private readonly sweeper: OutboxSweeper,
    private readonly workers: QueueWorkers,
    private readonly queues: QueueRegistry,
  ) {}

  get runsWorkers(): boolean {
    return this.config.APP_ROLE === 'worker' || this.config.APP_ROLE === 'all';
  }

  onApplicationBootstrap(): void {
    if (!this.runsWorkers) return;
    this.workers.start();
    this.relay.start();
    this.sweeper.start();
    this.logger.log(`workers, outbox relay and sweeper started (role ${this.config.APP_ROLE})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.sweeper.stop();
    await this.workers.close();
    await this.queues.close();
  }
}
