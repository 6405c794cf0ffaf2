import { describe, expect, it } from '@jest/globals';
import nodemailer from 'nodemailer';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { MailService } from './mail.service.js';
import { renderNotification } from './notifications.service.js';

const base = { NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' };

describe('SMTP configuration (SMTP_URL, MAIL_FROM)', () => {
  it('is off by default', () => {
    expect(loadConfig(base)).toMatchObject({ smtpUrl: null, mailFrom: null });
  });

  it.each([
    ['smtps://user:pass@mail.example.cn:465', '科技局梯度培育 <noreply@example.cn>'],
    ['smtp://mail.example.cn:25', 'noreply@example.cn'],
  ])('accepts %s with %s', (url, from) => {
    expect(loadConfig({ ...base, SMTP_URL: url, MAIL_FROM: from })).toMatchObject({ smtpUrl: url, mailFrom: from });
  });

  it.each([
    [{ SMTP_URL: 'smtps://mail.example.cn' }, /MAIL_FROM is required/],
    [{ SMTP_URL: 'http://mail.example.cn', MAIL_FROM: 'a@b.cn' }, /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ SMTP_URL: 'not a url', MAIL_FROM: 'a@b.cn' }, /SMTP_URL must be/],
    [{ SMTP_URL: 'smtp://mail.example.cn', MAIL_FROM: 'nobody' }, /MAIL_FROM must be an e-mail address/],
  ])('refuses %j', (env, problem) => {
    try {
      loadConfig({ ...base, ...env });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join('\n')).toMatch(problem);
    }
  });
});

describe('MailService', () => {
  const config = loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.cn', MAIL_FROM: '梯度培育 <noreply@example.cn>' });

  it('sends through the transport with the configured sender', async () => {
    const mail = new MailService(config);
    mail.useTransport(nodemailer.createTransport({ jsonTransport: true }));
    expect(mail.enabled).toBe(true);
    expect(await mail.send({ to: 'it@example.cn', subject: '申报状态', text: 'TR-2026-00001：已提交 → 区级审核' })).toBe(true);
  });

  it('is off without SMTP_URL, and a failing server never throws', async () => {
    expect(new MailService(loadConfig(base)).enabled).toBe(false);
    expect(await new MailService(loadConfig(base)).send({ to: 'a@b.cn', subject: 's', text: 't' })).toBe(false);
    const broken = new MailService(config);
    broken.useTransport({ sendMail: async () => { throw new Error('connection refused'); } } as never);
    expect(await broken.send({ to: 'a@b.cn', subject: 's', text: 't' })).toBe(false);
  });
});

describe('notification texts', () => {
  it('are rendered in the reader\'s language, codes included', () => {
    const params = { reference: 'TR-2026-00001', enterprise: '天津测试', from: 'district-review', to: 'returned' };
    expect(renderNotification('zh-CN', 'notify.status', params)).toBe('TR-2026-00001（天津测试）：区级审核 → 退回修改');
    expect(renderNotification('en', 'notify.status', params)).toBe('TR-2026-00001 (天津测试): District review → Returned for revision');
  });
});
