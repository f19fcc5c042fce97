import { ParseArrayPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { badRequest } from '../../common/errors/domain-error.js';

export const ATTENDANCE_INPUT = ['present', 'absent', 'excused'] as const;

export class AttendanceEntryDto {
  @ApiProperty()
  @IsUUID()
  participantId: string;

  @ApiProperty({ enum: ATTENDANCE_INPUT })
  @IsIn(ATTENDANCE_INPUT)
  status: (typeof ATTENDANCE_INPUT)[number];
}

/** The attendance body, a list of entries, validated as every body is (400 VALIDATION_FAILED). */
export const attendancePipe = new ParseArrayPipe({
  items: AttendanceEntryDto,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) =>
    badRequest('VALIDATION_FAILED', 'Request validation failed', [
      { field: 'body', problems: Array.isArray(errors) ? errors.map(String) : [String(errors)] },
    ]),
});
