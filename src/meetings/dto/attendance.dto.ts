import { ParseArrayPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsUUID } from 'class-validator';
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

/** A participant's own apologies: sent (excused), or taken back. */
export class MyApologyDto {
  @ApiProperty({ description: 'true: send apologies (excused); false: take them back' })
  @IsBoolean()
  sent: boolean;
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
