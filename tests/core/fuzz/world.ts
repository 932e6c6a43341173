import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelName } from '@shared/contract';
import { createMemorySecretStore } from '../../../electron/core/secrets';
import { onCleanup } from '../../support/cleanup';
import {
  setupAdmin,
  staffCaller,
  startTestCore,
  type Caller,
  type TestCore,
} from '../../support/core';
import { createEvent, eventInput } from '../../support/events';

// A small world every channel can be called in: two organizers, door staff, an admin, an
// event of organizer A with attendees and a check-in, and a desktop with a door device file.

export interface FuzzWorld {
  test: TestCore;
  dir: string;
  admin: Caller;
  ownerA: Caller;
  organizerB: Caller;
  door: Caller;
  steward: Caller;
  ids: {
    eventA: string;
    draftA: string;
    registrationA: string;
    ticketA: string;
    checkInA: string;
    victim: string;
    ownerA: string;
  };
  cursorA: string;
  /** A valid input for every channel, in this world. */
  valid: Record<ChannelName, unknown>;
}

export async function startFuzzWorld(label: string): Promise<FuzzWorld> {
  const dir = mkdtempSync(join(tmpdir(), `usher-${label}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const device = {
    settingsFile: join(dir, 'settings.json'),
    secrets: createMemorySecretStore(),
    doorFile: join(dir, 'door.sqlite'),
  };
  const test = await startTestCore({ device }, label);
  const admin = await setupAdmin(test);
  const ownerA = await staffCaller(test, admin, 'organizer');
  const organizerB = await staffCaller(test, admin, 'organizer');
  const door = await staffCaller(test, admin, 'door');
  const steward = await staffCaller(test, admin, 'steward');
  const victim = await admin.ok('users.create', {
    email: 'victim@example.org',
    fullName: 'Vic Tim',
    role: 'door',
    password: 'victim password 1',
  });
  const eventA = await createEvent(ownerA, { maxAttendees: 3, title: 'Owner A night' });
  const draftA = await createEvent(ownerA, { status: 'draft' });
  const registrations = [];
  for (let i = 0; i < 5; i++) {
    const { registration } = await ownerA.ok('registrations.register', {
      eventId: eventA.id,
      name: `Attendee ${i}`,
      email: `attendee${i}@example.org`,
    });
    registrations.push(registration);
  }
  const checkInA = randomUUID();
  await ownerA.ok('checkins.upload', {
    deviceId: 'fuzz-desk',
    items: [
      {
        kind: 'checkIn',
        nonce: checkInA,
        eventId: eventA.id,
        registrationId: registrations[0]!.id,
        scannedAt: new Date().toISOString(),
      },
    ],
  });
  const cursorA = (await ownerA.ok('door.snapshot', { eventId: eventA.id })).cursor;
  const ownerAId = (await ownerA.ok('auth.session', {})).user!.id;
  const exportId = randomUUID();
  // Registering queued each attendee's confirmation: a message to resend.
  const message = (await test.core.db.one<{ id: string }>(
    'select id from mail_outbox where registration_id = $1 limit 1',
    [registrations[0]!.id],
  ))!;

  // An enrolled desktop that never joined (no login of its own here): one to revoke.
  const desktop = (await test.core.db.one<{ id: string }>(
    `insert into devices (name, kind, login, code_expires_at)
     values ('Fuzz gate', 'door', 'fuzz_dev_none', now() + interval '1 hour') returning id`,
  ))!;

  const typeA = (await test.core.db.one<{ id: string }>(
    'select id from ticket_types where event_id = $1',
    [eventA.id],
  ))!;
  const question = await ownerA.ok('questions.create', {
    eventId: eventA.id,
    label: 'Dietary needs',
    kind: 'singleChoice',
    required: false,
    choices: ['none', 'vegetarian'],
    min: null,
    max: null,
    earliest: null,
    latest: null,
    ticketTypeIds: null,
    doorVisible: true,
  });
  const pointA = (await test.core.db.one<{ id: string }>(
    'select id from checkin_points where event_id = $1',
    [eventA.id],
  ))!;
  const pointFields = {
    name: 'Side gate',
    ticketTypeIds: null,
    validFrom: null,
    validUntil: null,
    allowMultipleEntries: false,
    recordsExits: true,
    allowReentry: true,
    capacity: 500,
  };

  const valid: Record<ChannelName, unknown> = {
    'points.list': { eventId: eventA.id },
    'points.create': { eventId: eventA.id, point: pointFields },
    'points.update': { id: pointA.id, version: 1, point: { ...pointFields, name: 'Main gate' } },
    'points.occupancy': { eventId: eventA.id },
    'points.reportPending': {
      eventId: eventA.id,
      deviceId: 'fuzz-desk',
      pending: [{ pointId: pointA.id, entries: 1, exits: 0 }],
    },
    'points.activity': { eventId: eventA.id },
    'doorStaff.list': { eventId: eventA.id },
    'doorStaff.assign': { eventId: eventA.id, userId: victim.id, assigned: true },
    'doorStaff.setAllEvents': { userId: victim.id, allEvents: true },
    'audit.list': { limit: 5 },
    'audit.actions': {},
    'auth.session': {},
    'auth.setup': { email: 'again@example.org', fullName: 'Again', password: 'a long password' },
    'auth.login': { email: 'victim@example.org', password: 'victim password 1' },
    'auth.logout': {},
    'auth.changePassword': { currentPassword: 'not the password', newPassword: 'a new password' },
    'door.snapshot': { eventId: eventA.id },
    'door.changes': { eventId: eventA.id, cursor: cursorA },
    'checkins.upload': {
      deviceId: 'fuzz-desk',
      items: [
        {
          kind: 'checkIn',
          nonce: randomUUID(),
          eventId: eventA.id,
          registrationId: registrations[1]!.id,
          scannedAt: new Date().toISOString(),
        },
      ],
    },
    'checkins.list': { eventId: eventA.id },
    'checkins.conflicts': { eventId: eventA.id },
    'events.create': eventInput({ title: 'Fuzzed' }),
    'events.update': { id: draftA.id, version: 1, title: 'Renamed' },
    'events.get': { id: eventA.id },
    'events.copy': {
      id: eventA.id,
      startsAt: '2031-05-01T18:00:00Z',
      endsAt: '2031-05-01T22:00:00Z',
    },
    'events.cancel': { id: draftA.id },
    'events.list': { search: 'night' },
    'events.categories': {},
    'exports.attendees': {
      exportId,
      eventId: eventA.id,
      format: 'csv',
      path: join(dir, 'attendees.csv'),
    },
    'exports.cancel': { exportId },
    'registrations.register': { eventId: eventA.id, name: 'Newcomer', email: 'new@example.org' },
    'registrations.cancel': { id: registrations[4]!.id },
    'registrations.promote': { id: registrations[3]!.id },
    'registrations.get': { id: registrations[0]!.id },
    'registrations.list': { eventId: eventA.id, search: 'Attendee' },
    'registrations.edit': { id: registrations[2]!.id, version: 1, name: 'Renamed' },
    'registrations.transfer': {
      id: registrations[1]!.id,
      version: 1,
      name: 'Heir',
      email: 'heir@example.org',
    },
    'ticketTypes.list': { eventId: eventA.id },
    'ticketTypes.create': { eventId: eventA.id, name: 'VIP', capacity: 2 },
    'ticketTypes.update': { id: typeA.id, version: 1, name: 'Standard' },
    'ticketTypes.reorder': { eventId: eventA.id, ids: [typeA.id] },
    'ticketTypes.delete': { id: typeA.id, version: 1 },
    'registrations.import': { eventId: eventA.id, csv: 'name,email\nImported,imp@example.org\n' },
    'reports.eventActivity': { eventId: eventA.id },
    'reports.ticketTypeCounts': { eventIds: [eventA.id] },
    'scanner.prepare': { eventId: eventA.id },
    'scanner.scan': { code: registrations[2]!.ticketCode },
    'scanner.admit': { registrationId: registrations[2]!.id },
    'scanner.search': { text: 'Attendee' },
    'scanner.undo': { checkInId: randomUUID() },
    'scanner.status': {},
    'scanner.conflicts': {},
    'scanner.sync': {},
    'scanner.setPoint': { pointId: pointA.id, direction: 'in' },
    'scanner.walkIn': { name: 'Walk In', email: 'walk-in@example.org' },
    'scanner.walkInDesk': {},
    'walkIns.upload': {
      deviceId: 'fuzz-door',
      items: [
        {
          nonce: randomUUID(),
          eventId: eventA.id,
          ticketCode: '0123456789ABCDEFGHJKMNPQRS',
          name: 'Walk In',
          email: 'walk-in@example.org',
          ticketTypeId: typeA.id,
          at: new Date().toISOString(),
          ifFull: 'refuse',
        },
      ],
    },
    'scanner.startFresh': {},
    'system.health': {},
    'settings.get': {},
    'settings.save': { mode: 'local', databaseUrl: '', redisUrl: '' },
    'users.list': { search: 'vic' },
    'users.create': {
      email: 'made@example.org',
      fullName: 'Made',
      role: 'door',
      password: 'a long password',
    },
    'users.update': { id: victim.id, fullName: 'Vic Renamed' },
    'users.resetPassword': { id: victim.id, password: 'victim password 1' },
    'settings.startLocal': { password: 'a long enough password' },
    'mail.getSettings': {},
    'mail.saveSettings': {
      host: 'smtp.example.org',
      port: 587,
      tls: 'starttls',
      fromName: 'Usher',
      fromAddress: 'tickets@example.org',
    },
    'mail.testSettings': { to: 'someone@example.org' },
    'mail.templates': { eventId: eventA.id },
    'mail.saveTemplate': {
      eventId: eventA.id,
      kind: 'confirmation',
      subject: 'Your ticket for {{event}}',
      body: 'Hello {{name}}',
      auto: true,
    },
    'mail.preview': { eventId: eventA.id, kind: 'confirmation' },
    'mail.messages': { registrationId: registrations[0]!.id },
    'mail.resend': { messageId: message.id },
    'mail.sendTickets': { eventId: eventA.id },
    'mail.countGroup': { eventId: eventA.id, filter: 'registered' },
    'mail.sendGroup': {
      eventId: eventA.id,
      filter: 'registered',
      subject: 'Hi',
      body: 'Doors at 7',
    },
    'tickets.pdf': { registrationId: registrations[0]!.id, path: join(dir, 'ticket.pdf') },
    'tickets.batch': { eventId: eventA.id, path: join(dir, 'tickets.pdf') },
    'badges.layout': { eventId: eventA.id },
    'badges.saveLayout': {
      eventId: eventA.id,
      version: 0,
      subtitleQuestionId: null,
      showTicketType: true,
    },
    'badges.pdf': { registrationId: registrations[0]!.id, path: join(dir, 'badge.pdf') },
    'badges.batch': { eventId: eventA.id, path: join(dir, 'badges.pdf') },
    'devices.list': {},
    'devices.add': { name: 'Fuzz desk', kind: 'door' },
    'devices.revoke': { id: desktop.id },
    'devices.status': {},
    'devices.join': { code: 'usher-join:not-a-real-code' },
    'questions.list': { eventId: eventA.id },
    'questions.create': {
      eventId: eventA.id,
      label: 'T-shirt size',
      kind: 'text',
      required: false,
      choices: [],
      min: null,
      max: null,
      earliest: null,
      latest: null,
      ticketTypeIds: null,
      doorVisible: false,
    },
    'questions.update': {
      id: question.id,
      version: 1,
      label: 'Diet',
      kind: 'singleChoice',
      required: false,
      choices: ['none', 'vegetarian', 'vegan'],
      min: null,
      max: null,
      earliest: null,
      latest: null,
      ticketTypeIds: null,
      doorVisible: true,
    },
    'questions.reorder': { eventId: eventA.id, order: [{ id: question.id, version: 1 }] },
    'questions.delete': { id: question.id, version: 1 },
    'answers.get': { registrationId: registrations[0]!.id },
    'answers.save': {
      registrationId: registrations[0]!.id,
      version: 0,
      answers: { [question.id]: 'vegetarian' },
    },
  };

  return {
    test,
    dir,
    admin,
    ownerA,
    organizerB,
    door,
    steward,
    ids: {
      eventA: eventA.id,
      draftA: draftA.id,
      registrationA: registrations[0]!.id,
      ticketA: registrations[0]!.ticketCode,
      checkInA,
      victim: victim.id,
      ownerA: ownerAId,
    },
    cursorA,
    valid,
  };
}
