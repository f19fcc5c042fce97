import { Global, Module } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay.service.js';
import { OutboxRuntime } from './outbox-runtime.service.js';
import { OutboxService } from './outbox.service.js';
import { OutboxSweeper } from './outbox-sweeper.service.js';

/** The transactional outbox: `OutboxService.add` for everyone; the relay and the sweeper in workers. */
@Global()
@Module({
  providers: [OutboxService, OutboxRelay, OutboxSweeper, OutboxRuntime],
  exports: [OutboxService, OutboxRelay, OutboxSweeper],
})
export class OutboxModule {}
