/** The Message-ID is the outbox row's: a resend after a crash is recognisably the same message. */
export const messageIdFor = (outboxId: string, fromAddress: string) =>
  `<${outboxId}@${fromAddress.split('@')[1] ?? 'usher.invalid'}>`;
