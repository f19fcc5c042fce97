import { ApiProperty } from '@nestjs/swagger';

export class DocumentTypeDto {
  @ApiProperty({ example: 'travel_request', description: 'The code templates and documents carry' })
  code: string;

  @ApiProperty({ type: String, nullable: true, example: 'សំណើបេសកកម្ម', description: 'Khmer display name' })
  nameKm: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Travel request',
    description: 'English display name',
  })
  nameEn: string | null;
}
