import { messageIdFor } from './message-id';
import { composeRaw } from './mime';
import { renderMessage, type MessageContext } from './render';

/** One outbox message to turn into bytes: plain data, so it can cross to a rendering thread. */
export interface OutgoingJob {
  outboxId: string;
  context: MessageContext;
  from: { name: string; address: string };
}

/** The message exactly as it goes over SMTP: headers, both parts and the ticket's attachments. */
export async function renderOutgoing({ outboxId, context, from }: OutgoingJob): Promise<Buffer> {
  const message = await renderMessage(context);
  return composeRaw({
    from,
    to: { name: context.to.name.replace(/[\r\n]+/g, ' '), address: context.to.address },
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments,
    messageId: messageIdFor(outboxId, from.address),
    headers: { 'Auto-Submitted': context.kind === 'group' ? 'no' : 'auto-generated' },
  });
}
