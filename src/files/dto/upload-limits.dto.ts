import { ApiProperty } from '@nestjs/swagger';

/** What an upload may be, so that a client can say so before sending a file that would be refused. */
export class UploadLimitsDto {
  @ApiProperty({ description: 'The largest file accepted, in bytes (UPLOAD_MAX_BYTES)', example: 26214400 })
  maxBytes: number;

  @ApiProperty({
    type: [String],
    description: 'The file name extensions of the accepted types, lower case, without the dot',
    example: ['pdf', 'docx', 'jpg'],
  })
  extensions: string[];
}
