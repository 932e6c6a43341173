import MailComposer from 'nodemailer/lib/mail-composer';
import { renderMessage, type MessageContext } from './render';

/** What the worker knows besides the message itself: who sends it and the outbox row's ID. */
export interface ComposeJob {
  context: MessageContext;
  from: { name: string; address: string };
  messageId: string;
}

/** The Message-ID is the outbox row's: a resend after a crash is recognisably the same message. */
export const messageIdFor = (outboxId: string, fromAddress: string) =>
  `<${outboxId}@${fromAddress.split('@')[1] ?? 'usher.invalid'}>`;

/**
 * The whole message as it goes over the wire (RFC 5322, with both parts, the inline QR and the
 * attachments), built by nodemailer's own composer. Built apart from sending so a render thread
 * can do it while the SMTP connections carry earlier messages.
 */
export async function composeMessage({ context, from, messageId }: ComposeJob): Promise<Buffer> {
  const message = await renderMessage(context);
  return new MailComposer({
    from,
    to: { name: context.to.name.replace(/[\r\n]+/g, ' '), address: context.to.address },
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments,
    messageId,
    headers: { 'Auto-Submitted': context.kind === 'group' ? 'no' : 'auto-generated' },
  })
    .compile()
    .build();
}
