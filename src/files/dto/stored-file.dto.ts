import { ApiProperty } from '@nestjs/swagger';
import type { StoredFile } from '../entities/stored-file.entity.js';

/** What a client learns about a stored file (never where it is stored). */
export class StoredFileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'SHA-256 of the content, hex', example: 'e3b0c442…' })
  sha256: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;

  @ApiProperty({
    description: 'Type sniffed from the content, not taken from the client',
    example: 'application/pdf',
  })
  mime: string;

  @ApiProperty({ example: 'របាយការណ៍.pdf' })
  originalName: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({
    description:
      'The file as a plain link, signed for the caller (valid about 10 minutes; no Authorization header)',
  })
  downloadUrl: string;

  static from(file: StoredFile, downloadUrl: string): StoredFileDto {
    return {
      id: file.id,
      sha256: file.sha256,
      size: file.size,
      mime: file.mime,
      originalName: file.originalName,
      createdAt: file.createdAt,
      downloadUrl,
    };
  }
}
