import type { EventStatus, RegistrationStatus } from '@shared/domain';

type Status = EventStatus | RegistrationStatus;

const looks: Record<Status, { text: string; tone: string }> = {
  draft: { text: 'Draft', tone: 'neutral' },
  published: { text: 'Published', tone: 'good' },
  cancelled: { text: 'Cancelled', tone: 'bad' },
  registered: { text: 'Registered', tone: 'good' },
  waitlisted: { text: 'Waitlisted', tone: 'warn' },
  transferred: { text: 'Transferred', tone: 'neutral' },
};

export function StatusBadge({ status, suffix }: { status: Status; suffix?: string }) {
  const look = looks[status];
  return (
    <span className={`badge ${look.tone}`}>
      {look.text}
      {suffix}
    </span>
  );
}

export const statusText = (status: Status) => looks[status].text;
