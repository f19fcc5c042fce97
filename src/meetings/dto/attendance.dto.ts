import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

export const ATTENDANCE_INPUT = ['present', 'absent', 'excused'] as const;

export class AttendanceEntryDto {
  @ApiProperty()
  @IsUUID()
  participantId: string;

  @ApiProperty({ enum: ATTENDANCE_INPUT })
  @IsIn(ATTENDANCE_INPUT)
  status: (typeof ATTENDANCE_INPUT)[number];
}
