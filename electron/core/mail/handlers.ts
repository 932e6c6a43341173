import type { MailSettingsDto, MessageDto } from '@shared/contract/mail';
import type { EventDto, RegistrationDto } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { AppError, invalid, notFound } from '../errors';
import { assertManages, eventColumns } from '../events/event-sql';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import type { Sql } from '../db/db';
import { readRegistration } from '../registrations/capacity';
import { secretAccounts } from '../system/device-settings';
import { isoUtc } from '../sql-format';
import { countRecipients, queueGroupMessage, queueMissingTickets } from './queue';
import { readMailSettings, saveMailSettings, type MailSettings } from './settings';
import { listTemplates, readTemplate, unknownPlaceholders } from './templates';
import { messageIdFor } from './message-id';

const messageColumns = `o.id, o.kind, o.to_address as "toAddress", o.status, o.attempts,
  o.last_error as "lastError", ${isoUtc('o.created_at')} as "createdAt",
  ${isoUtc('o.sent_at')} as "sentAt"`;

/** Mail's handlers; `wake` tells this desktop's worker that something was queued. */
export function mailHandlers(deps: CoreDeps, wake: () => void): DomainHandlers<'mail'> {
  const { db } = deps;
  const secrets = deps.device?.secrets ?? null;

  const managedEvent = async (sql: Sql, user: Parameters<typeof assertManages>[0], id: string) => {
    const event = await sql.one<EventDto>(`select ${eventColumns} from events e where e.id = $1`, [
      id,
    ]);
    if (!event) throw notFound('That event');
    assertManages(user, event);
    return event;
  };

  const checkPlaceholders = (words: { subject?: string; body?: string }) => {
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownPlaceholders(words[field] ?? '');
      if (unknown.length > 0) {
        throw invalid(field, `Unknown placeholder: {{${unknown[0]}}}`);
      }
    }
  };

  const settingsDto = async (settings: MailSettings): Promise<MailSettingsDto> => ({
    ...settings,
    passwordSaved: secrets ? (await secrets.get(secretAccounts.smtpPassword)) !== null : false,
  });

  return {
    'mail.getSettings': async () => {
      const settings = await readMailSettings(db);
      return settings ? settingsDto(settings) : null;
    },

    'mail.saveSettings': async ({ password, ...settings }, { user }) => {
      if (password !== undefined) {
        if (!secrets) {
          throw new AppError(
            'UNAVAILABLE',
            'This process has no keychain: save the password from the app, or give the mail worker USHER_SMTP_PASSWORD',
          );
        }
        if (password === '') await secrets.delete(secretAccounts.smtpPassword);
        else await secrets.set(secretAccounts.smtpPassword, password);
      }
      await db.tx(async (sql) => {
        const before = await readMailSettings(sql);
        await saveMailSettings(sql, settings);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'mail.saveSettings',
          entity: 'mail_settings',
          before: before ?? undefined,
          // Whether the password changed, never the password.
          after: { ...settings, passwordChanged: password !== undefined },
        });
      });
      wake();
      return settingsDto(settings);
    },

    'mail.testSettings': async ({ to }, { user }) => {
      const settings = await readMailSettings(db);
      if (!settings) throw new AppError('CONFLICT', 'Save the mail settings first');
      const password = secrets ? await secrets.get(secretAccounts.smtpPassword) : null;
      // nodemailer, and the renderer below, load on first use: see mail/worker.ts.
      const { createSmtpTransport, classifySendError } = await import('./transport');
      const smtp = createSmtpTransport(settings, password, { connections: 1 });
      try {
        const info = await smtp.sendMail({
          from: { name: settings.fromName, address: settings.fromAddress },
          to,
          subject: 'Usher test message',
          text: `This message from Usher shows that ${settings.host} accepts mail from ${settings.fromAddress}.\n`,
          messageId: messageIdFor(`test-${Date.now()}`, settings.fromAddress),
        });
        await writeAudit(db, {
          actorId: user.id,
          action: 'mail.testSettings',
          entity: 'mail_settings',
          after: { to, response: info.response },
        });
        return { accepted: info.accepted.length > 0, response: info.response };
      } catch (error) {
        throw new AppError(
          'UNAVAILABLE',
          `The mail server refused: ${classifySendError(error).reason}`,
        );
      } finally {
        smtp.close();
      }
    },

    'mail.templates': async ({ eventId }, { user }) => {
      await managedEvent(db, user, eventId);
      return listTemplates(db, eventId);
    },

    'mail.saveTemplate': async (input, { user }) => {
      checkPlaceholders(input);
      if (input.kind === 'reminder' && input.auto && input.remindMinutes === null) {
        throw invalid('remindMinutes', 'Choose how long before the start the reminder goes out');
      }
      return db.tx(async (sql) => {
        await managedEvent(sql, user, input.eventId);
        const before = await readTemplate(sql, input.eventId, input.kind);
        await sql.run(
          `insert into mail_templates (event_id, kind, subject, body, auto, remind_minutes)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (event_id, kind) do update
             set subject = $3, body = $4, auto = $5, remind_minutes = $6, updated_at = now()`,
          [input.eventId, input.kind, input.subject, input.body, input.auto, input.remindMinutes],
        );
        const after = await readTemplate(sql, input.eventId, input.kind);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'mail.saveTemplate',
          entity: 'event',
          entityId: input.eventId,
          before,
          after,
        });
        return after;
      });
    },

    'mail.preview': async (input, { user }) => {
      checkPlaceholders(input);
      const event = await managedEvent(db, user, input.eventId);
      let attendee: RegistrationDto | null = null;
      if (input.registrationId) {
        attendee = (await readRegistration(db, input.registrationId)) ?? null;
        if (!attendee || attendee.eventId !== event.id) throw notFound('That registration');
      }
      const saved = input.kind === 'group' ? null : await readTemplate(db, event.id, input.kind);
      const subject = input.subject ?? saved?.subject;
      const body = input.body ?? saved?.body;
      if (subject === undefined) throw invalid('subject', 'Write a subject');
      if (body === undefined) throw invalid('body', 'Write the message');
      const { contextFor, previewOf } = await import('./preview');
      return previewOf(contextFor(input.kind, event, attendee, { subject, body }));
    },

    'mail.messages': async ({ registrationId }, { user }) => {
      const registration = await readRegistration(db, registrationId);
      if (!registration) throw notFound('That registration');
      await managedEvent(db, user, registration.eventId);
      return db.many<MessageDto>(
        `select ${messageColumns} from mail_outbox o
          where o.registration_id = $1 order by o.created_at, o.id`,
        [registrationId],
      );
    },

    'mail.resend': async ({ messageId }, { user }) => {
      const message = await db.tx(async (sql) => {
        const original = await sql.one<{ eventId: string | null; registrationId: string | null }>(
          `select event_id as "eventId", registration_id as "registrationId"
             from mail_outbox where id = $1`,
          [messageId],
        );
        if (!original?.eventId || !original.registrationId) throw notFound('That message');
        await managedEvent(sql, user, original.eventId);
        // The attendee's address as it is now: a corrected email gets the resend.
        const copy = (await sql.one<MessageDto>(
          `with copy as (
             insert into mail_outbox (event_id, registration_id, kind, to_address, to_name, custom, created_by)
             select o.event_id, o.registration_id, o.kind, r.attendee_email, r.attendee_name, o.custom, $2
               from mail_outbox o join event_registrations r on r.id = o.registration_id
              where o.id = $1
             returning *)
           select ${messageColumns} from copy o`,
          [messageId, user.id],
        ))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'mail.resend',
          entity: 'registration',
          entityId: original.registrationId,
          after: { messageId: copy.id, resendOf: messageId, kind: copy.kind },
        });
        return copy;
      });
      wake();
      return message;
    },

    'mail.sendTickets': async ({ eventId }, { user }) => {
      const queued = await db.tx(async (sql) => {
        await managedEvent(sql, user, eventId);
        const queued = await queueMissingTickets(sql, eventId, user.id);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'mail.sendTickets',
          entity: 'event',
          entityId: eventId,
          after: { queued },
        });
        return queued;
      });
      wake();
      return { queued };
    },

    'mail.countGroup': async ({ eventId, filter }, { user }) => {
      await managedEvent(db, user, eventId);
      return { count: await countRecipients(db, eventId, filter) };
    },

    'mail.sendGroup': async (input, { user }) => {
      checkPlaceholders(input);
      const queued = await db.tx(async (sql) => {
        await managedEvent(sql, user, input.eventId);
        const queued = await queueGroupMessage(sql, input, user.id);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'mail.sendGroup',
          entity: 'event',
          entityId: input.eventId,
          after: { filter: input.filter, subject: input.subject, queued },
        });
        return queued;
      });
      wake();
      return { queued };
    },
  };
}
