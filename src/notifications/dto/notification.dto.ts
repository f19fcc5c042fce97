import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { QueryBoolean } from '../../common/http/validators.js';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The template it was made from', example: 'approval.task_assigned' })
  kind: string;

  @ApiProperty({ description: "In the reader's language", example: 'ឯកសាររង់ចាំការអនុម័តរបស់អ្នក៖ ICT/2026/00042' })
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ nullable: true, type: String, example: '/documents/7d0c…' })
  link: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  readAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    description:
      'It asked the reader to act (decide a task, cast a ballot) and that no longer waits on them: the task was decided, by them or another, or closed; they voted, or voting closed',
  })
  done: boolean;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;

  @ApiProperty({ description: 'How many of my notifications are unread (all pages)' })
  unreadCount: number;
}

export class UnreadCountDto {
  @ApiProperty()
  count: number;
}

export class ReadAllResultDto {
  @ApiProperty({ description: 'How many notifications were marked read' })
  updated: number;
}

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications', type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class ReadPageDto {
  @ApiProperty({
    description: 'A page of the app, as notices link to it: a path, without query or fragment',
    example: '/elections/7d0c0b5e-3f8a-4c52-9a55-0a4f3f1c2b11',
    maxLength: 300,
  })
  @IsString()
  @MaxLength(300)
  @Matches(/^\/[^\s?#]*$/)
  page: string;
}
