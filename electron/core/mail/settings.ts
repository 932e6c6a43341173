import type { MailSettingsDto, TlsMode } from '@shared/contract/mail';
import type { Sql } from '../db/db';

/** The SMTP account as stored: everything but the password, which only the keychain holds. */
export type MailSettings = Omit<MailSettingsDto, 'passwordSaved'>;

export const readMailSettings = (sql: Sql) =>
  sql.one<MailSettings>(
    `select host, port, tls, username, from_name as "fromName", from_address as "fromAddress",
            per_minute as "perMinute"
       from mail_settings`,
  );

export async function saveMailSettings(sql: Sql, settings: MailSettings): Promise<void> {
  await sql.run(
    `insert into mail_settings (id, host, port, tls, username, from_name, from_address, per_minute)
     values (true, $1, $2, $3, $4, $5, $6, $7)
     on conflict (id) do update set host = $1, port = $2, tls = $3, username = $4,
       from_name = $5, from_address = $6, per_minute = $7, updated_at = now()`,
    [
      settings.host,
      settings.port,
      settings.tls satisfies TlsMode,
      settings.username,
      settings.fromName,
      settings.fromAddress,
      settings.perMinute,
    ],
  );
}
