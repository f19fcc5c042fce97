import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source.js';
import { RuntimeRoleCheck } from './runtime-role.js';
import { TransactionService } from './transaction.service.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
    }),
  ],
  providers: [TransactionService, RuntimeRoleCheck],
  exports: [TransactionService],
})
export class DatabaseModule {}
