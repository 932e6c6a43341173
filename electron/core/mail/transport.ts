import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { MailSettings } from './settings';

export type SmtpTransport = Transporter<SMTPPool.SentMessageInfo>;

/** Where the worker finds the SMTP password: the keychain in the app, the environment on a server. */
export type PasswordSource = () => Promise<string | null>;

/**
 * A pooled SMTP connection set for the saved account. `none` still upgrades when the server
 * offers STARTTLS (nodemailer's default); `starttls` refuses a server that does not.
 */
export function createSmtpTransport(
  settings: MailSettings,
  password: string | null,
  options: { connections?: number } = {},
): SmtpTransport {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    requireTLS: settings.tls === 'starttls',
    auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
    pool: true,
    maxConnections: options.connections ?? 4,
    maxMessages: 500,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

export interface SendFailure {
  /** Temporary failures are retried with backoff; permanent ones are kept with the reason. */
  permanent: boolean;
  reason: string;
}

/**
 * SMTP's own verdict decides: a 5xx reply is permanent (RFC 5321 §4.2.1), a 4xx reply or no
 * reply at all (refused, timed out, dropped) is worth another try later.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
  const reason = (e.response ?? e.message ?? String(error)).slice(0, 1000);
  if (typeof e.responseCode === 'number') {
    return { permanent: e.responseCode >= 500 && e.responseCode < 600, reason };
  }
  // Authentication refused without a reply code still needs a person, not a retry loop.
  return { permanent: e.code === 'EAUTH', reason };
}
