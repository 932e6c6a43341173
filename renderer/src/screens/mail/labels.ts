import type { MessageKind, MessageState, RecipientFilter } from '@shared/contract/mail';

export const kindLabels: Record<MessageKind, string> = {
  confirmation: 'Registration confirmation (ticket)',
  waitlisted: 'On the waitlist',
  promoted: 'Moved in from the waitlist (ticket)',
  cancelled: 'Registration cancelled',
  eventChanged: 'Event changed',
  eventCancelled: 'Event cancelled',
  reminder: 'Reminder',
  group: 'Message to a group',
  test: 'Test message',
};

export const filterLabels: Record<RecipientFilter, string> = {
  registered: 'Everyone registered',
  waitlisted: 'Everyone on the waitlist',
  checkedIn: 'Checked in',
  noShow: 'Registered, not checked in',
};

export const stateLabels: Record<MessageState, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};
