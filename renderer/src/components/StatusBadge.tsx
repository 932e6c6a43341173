import type { EventStatus, RegistrationStatus, WalkInFlag } from '@shared/domain';

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

const walkInLooks: Record<WalkInFlag, { text: string; tone: string; title: string }> = {
  admitted: { text: 'Walk-in', tone: 'neutral', title: 'Registered at the door' },
  over_capacity: {
    text: 'Walk-in · over capacity',
    tone: 'bad',
    title: 'Admitted at the door with no seat left: the event holds more than its capacity',
  },
  duplicate_email: {
    text: 'Walk-in · email taken',
    tone: 'bad',
    title: 'Registered offline at the door with an email someone else registered meanwhile',
  },
};

/** A registration made at the door, flagged when it went beyond what registering allows. */
export function WalkInBadge({ flag }: { flag: WalkInFlag }) {
  const look = walkInLooks[flag];
  return (
    <span className={`badge ${look.tone}`} title={look.title}>
      {look.text}
    </span>
  );
}
