import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764020000000 } from './1764020000000-initial-schema';
import { DoorSync1764031000000 } from './1764031000000-door-sync';
import { AttendeeNameOrder1764040000000 } from './1764040000000-attendee-name-order';
import { MailOutbox1764100000000 } from './1764100000000-mail-outbox';
import { Security1764120000000 } from './1764120000000-security';
import { Devices1764200000000 } from './1764200000000-devices';
import { TicketTypes1764300000000 } from './1764300000000-ticket-types';
import { RegistrationVersion1764300001000 } from './1764300001000-registration-version';
import { Questions1764310000000 } from './1764310000000-questions';
import { DoorFunctions1764330000000 } from './1764330000000-door-functions';
import { ActingStaff1764330001000 } from './1764330001000-acting-staff';
import { DoorStaff1764360000000 } from './1764360000000-door-staff';
import { CheckInPoints1764360001000 } from './1764360001000-checkin-points';
import { DoorDayFunctions1764360002000 } from './1764360002000-door-day-functions';
import { BadgeLayouts1764370000000 } from './1764370000000-badge-layouts';
import { StationPending1764380000000 } from './1764380000000-station-pending';
import { WalkIns1764390000000 } from './1764390000000-walk-ins';
import { AttendeeNamePrefix1764440000000 } from './1764440000000-attendee-name-prefix';

// Every migration, oldest first. Imported statically so the bundled app carries them all.
export const allMigrations: (new () => MigrationInterface)[] = [
  InitialSchema1764020000000,
  DoorSync1764031000000,
  AttendeeNameOrder1764040000000,
  MailOutbox1764100000000,
  Security1764120000000,
  Devices1764200000000,
  TicketTypes1764300000000,
  RegistrationVersion1764300001000,
  Questions1764310000000,
  DoorFunctions1764330000000,
  ActingStaff1764330001000,
  DoorStaff1764360000000,
  CheckInPoints1764360001000,
  DoorDayFunctions1764360002000,
  BadgeLayouts1764370000000,
  StationPending1764380000000,
  WalkIns1764390000000,
  AttendeeNamePrefix1764440000000,
];

export const knownMigrationNames = allMigrations.map((Migration) => new Migration().name ?? '');
