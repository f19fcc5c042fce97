import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'down'] })
  status: 'ok' | 'down';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
    example: { database: 'up', redis: 'up' },
  })
  checks?: Record<string, 'up' | 'down'>;

  @ApiPropertyOptional({ type: [String], description: 'What is down' })
  down?: string[];
}
