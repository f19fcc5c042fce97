import { Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A calendar invitation or cancellation (nodemailer adds it as text/calendar with its method). */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
}

/**
 * Sends e-mail through SMTP_URL. Without it (development, tests) the message is rendered as JSON
 * and logged instead of sent.
 */
@Injectable()
export class MailerService {
  private readonly logger = new Logger(MailerService.name);
  private readonly transport: Transporter;
  private readonly logOnly: boolean;

  constructor(private readonly config: AppConfig) {
    this.logOnly = !config.SMTP_URL;
    this.transport = config.SMTP_URL
      ? nodemailer.createTransport(config.SMTP_URL)
      : nodemailer.createTransport({ jsonTransport: true });
  }

  async send(message: MailMessage): Promise<void> {
    const info = (await this.transport.sendMail({ from: this.config.MAIL_FROM, ...message })) as {
      messageId?: string;
      message?: unknown;
    };
    if (this.logOnly) {
      this.logger.log(`e-mail (log transport) to ${message.to}: ${message.subject}`);
    } else {
      this.logger.debug(`e-mail ${info.messageId ?? ''} sent to ${message.to}`);
    }
  }
}
