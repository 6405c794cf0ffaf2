import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * E-mail through SMTP when SMTP_URL is configured (off by default). Sending never fails the
 * request that caused it: errors are logged and the message stays in the in-app inbox.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private transporter: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transporter = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transporter !== null;
  }

  /** For tests and tools: use another nodemailer transport (e.g. jsonTransport). */
  useTransport(transporter: Transporter | null): void {
    this.transporter = transporter;
  }

  async send(message: MailMessage): Promise<boolean> {
    if (!this.transporter) return false;
    try {
      await this.transporter.sendMail({ from: this.config.mailFrom ?? undefined, to: message.to, subject: message.subject, text: message.text });
      return true;
    } catch (err) {
      this.logger.warn(`mail to ${message.to.replace(/^[^@]*/, '***')} failed: ${(err as Error).message}`);
      return false;
    }
  }
}
