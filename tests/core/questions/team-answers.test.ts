import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../support/events';
import type { Caller } from '../../support/core';
import { rawPg, startDesktop, startTeam, type Team } from '../devices/fixtures';
import { questionInput } from './fixtures';

// A door laptop's own PostgreSQL login, used outside the app: it reads the answers the door shows
// and not one private answer. The refusals come from PostgreSQL (row-level security).

let team: Team;
let door: pg.Client;
let organizer: Caller;
const SECRET = 'private-answer-0d9e1';
const ids = { event: '', visible: '', private: '', registration: '' };

beforeAll(async () => {
  team = await startTeam('team_answers');
  const event = await createEvent(team.admin);
  const visible = await team.admin.ok(
    'questions.create',
    questionInput(event.id, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian'],
      doorVisible: true,
    }),
  );
  const hidden = await team.admin.ok(
    'questions.create',
    questionInput(event.id, { label: 'Medical notes', kind: 'text' }),
  );
  const { registration } = await team.admin.ok('registrations.register', {
    eventId: event.id,
    name: 'Grace',
    email: 'grace@example.org',
    answers: { [visible.id]: 'vegetarian', [hidden.id]: SECRET },
  });
  Object.assign(ids, {
    event: event.id,
    visible: visible.id,
    private: hidden.id,
    registration: registration.id,
  });
  const { desktop } = await startDesktop(team, 'door', 'Gate Q');
  door = await rawPg(desktop.databaseUrl);
  const office = await startDesktop(team, 'organizer', 'Office Q');
  const email = 'olga.q@example.org';
  const password = 'a long enough password';
  await team.admin.ok('users.create', { email, fullName: 'Olga', role: 'organizer', password });
  organizer = office.caller();
  await organizer.ok('auth.login', { email, password });
});

describe('answers in team mode', () => {
  it('lets the door login read door-visible answers only', async () => {
    const answers = await door.query('select question_id, value from registration_answers');
    expect(answers.rows).toEqual([{ question_id: ids.visible, value: 'vegetarian' }]);
    const questions = await door.query('select id from event_questions');
    expect(questions.rows).toEqual([{ id: ids.visible }]);
    const all = await door.query(
      `select a.value::text from registration_answers a where a.registration_id = $1`,
      [ids.registration],
    );
    expect(JSON.stringify(all.rows)).not.toContain(SECRET);
  });

  it('never lets the door login write questions or answers', async () => {
    for (const sql of [
      `update registration_answers set value = '"x"'`,
      `delete from registration_answers`,
      `update event_questions set door_visible = true`,
      `insert into event_questions (event_id, key, label, kind, position) values ('${ids.event}', 'k', 'K', 'text', 9)`,
    ]) {
      const error = await door.query(sql).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(error?.code, sql).toBe('42501');
    }
  });

  it('lets an organizer desktop keep questions and answers on its own login', async () => {
    const event = await createEvent(organizer);
    const q = await organizer.ok(
      'questions.create',
      questionInput(event.id, {
        label: 'Size',
        kind: 'singleChoice',
        choices: ['S', 'M'],
        doorVisible: true,
      }),
    );
    const { registration } = await organizer.ok('registrations.register', {
      eventId: event.id,
      name: 'Lin',
      email: 'lin@example.org',
      answers: { [q.id]: 'S' },
    });
    const saved = await organizer.ok('answers.save', {
      registrationId: registration.id,
      version: 0,
      answers: { [q.id]: 'M' },
    });
    expect(saved.answers).toEqual({ [q.id]: 'M' });
    const {
      eventId: _e,
      key: _k,
      ...settings
    } = questionInput(event.id, {
      label: 'Size',
      kind: 'singleChoice',
      choices: ['S', 'M', 'L'],
    });
    await organizer.ok('questions.update', { id: q.id, version: 1, ...settings });
    expect(await organizer.ok('questions.delete', { id: q.id, version: 2 })).toMatchObject({
      outcome: 'archived',
    });
  });
});
