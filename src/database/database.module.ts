import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { type EntityList, dataSourceOptions } from './data-source.js';
import { RuntimeRoleCheck } from './runtime-role.js';
import { TransactionService } from './transaction.service.js';

/** The data source over the given entities (every module's: `src/entities.ts`), and transactions. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE, entities),
        }),
      ],
      providers: [TransactionService, RuntimeRoleCheck],
      exports: [TransactionService],
    };
  }
}
