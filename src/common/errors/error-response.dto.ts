import { ApiProperty } from '@nestjs/swagger';

/** The one error shape of every route (DESIGN.md §5). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Request validation failed' })
  message: string;

  @ApiProperty({
    required: false,
    description: 'Per-field problems (`[{ field, problems }]` for VALIDATION_FAILED), or other context',
    oneOf: [
      { type: 'array', items: { type: 'object', additionalProperties: true } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: unknown;
}
