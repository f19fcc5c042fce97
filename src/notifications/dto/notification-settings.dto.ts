import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class KindChannelsDto {
  @ApiProperty({ description: 'A kind of notification (its template)', example: 'approval.task_assigned' })
  @IsString()
  @MaxLength(100)
  kind: string;

  @ApiProperty({ description: 'Shown in the app' })
  @IsBoolean()
  inApp: boolean;

  @ApiProperty({ description: 'Sent by e-mail (when the user has an address)' })
  @IsBoolean()
  email: boolean;

  @ApiProperty({ description: 'Sent on Telegram (when linked and the channel is available)' })
  @IsBoolean()
  telegram: boolean;
}

export class TelegramStateDto {
  @ApiProperty({
    description: 'Whether this server has a Telegram bot (TELEGRAM_BOT_TOKEN); false: hide the channel',
  })
  available: boolean;

  @ApiProperty({ description: "Whether the caller's Telegram chat is linked" })
  linked: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'The linked Telegram @username, if it has one' })
  username: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  linkedAt: string | null;
}

export class NotificationSettingsDto {
  @ApiProperty({ type: TelegramStateDto })
  telegram: TelegramStateDto;

  @ApiProperty({
    description:
      'Waiting approval tasks come once a day in one message instead of one e-mail/Telegram message each',
  })
  dailyDigest: boolean;

  @ApiProperty({ description: 'The hour (local time) of the daily digest', example: 7 })
  digestHour: number;

  @ApiProperty({ type: [KindChannelsDto], description: 'Every kind the user may choose channels for' })
  kinds: KindChannelsDto[];
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  dailyDigest?: boolean;

  @ApiPropertyOptional({ type: [KindChannelsDto], description: 'Kinds not given keep their channels' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KindChannelsDto)
  kinds?: KindChannelsDto[];
}

export class TelegramLinkDto {
  @ApiProperty({
    description: 'The one-time deep link to the bot',
    example: 'https://t.me/dwf_bot?start=Xy…',
  })
  url: string;

  @ApiProperty({ format: 'date-time', description: 'When the link stops working' })
  expiresAt: string;
}
