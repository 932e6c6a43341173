import { beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin, startTestCore, type Caller, type TestCore } from '../../support/core';
import { createEvent } from '../../support/events';
import { questionInput } from './fixtures';

let test: TestCore;
let admin: Caller;
const ids = { event: '', diet: '', days: '' };

beforeAll(async () => {
  test = await startTestCore({}, 'questions_filter');
  admin = await setupAdmin(test);
  const event = await createEvent(admin);
  const diet = await admin.ok(
    'questions.create',
    questionInput(event.id, {
      label: 'Diet',
      kind: 'singleChoice',
      choices: ['none', 'vegetarian', 'vegan'],
    }),
  );
  const days = await admin.ok(
    'questions.create',
    questionInput(event.id, { label: 'Days', kind: 'multipleChoice', choices: ['Day 1', 'Day 2'] }),
  );
  const people: [string, string | undefined, string[]][] = [
    ['Ada', 'vegetarian', ['Day 1']],
    ['Bo', 'vegan', ['Day 1', 'Day 2']],
    ['Cy', 'none', ['Day 2']],
    ['Di', undefined, []],
    ['Ed', 'vegetarian', ['Day 2']],
  ];
  for (const [name, dietAnswer, dayAnswer] of people) {
    await admin.ok('registrations.register', {
      eventId: event.id,
      name,
      email: `${name.toLowerCase()}@example.org`,
      answers: { [diet.id]: dietAnswer, [days.id]: dayAnswer },
    });
  }
  Object.assign(ids, { event: event.id, diet: diet.id, days: days.id });
});

const names = async (answers: { questionId: string; choices: string[] }[], search?: string) => {
  const page = await admin.ok('registrations.list', { eventId: ids.event, answers, search });
  return { names: page.items.map((r) => r.attendeeName), total: page.total };
};

describe('filtering attendees by their answers', () => {
  it('finds a single-choice answer, any of several options, with an exact total', async () => {
    expect(await names([{ questionId: ids.diet, choices: ['vegetarian'] }])).toEqual({
      names: ['Ada', 'Ed'],
      total: 2,
    });
    expect(await names([{ questionId: ids.diet, choices: ['vegetarian', 'vegan'] }])).toEqual({
      names: ['Ada', 'Bo', 'Ed'],
      total: 3,
    });
  });

  it('finds a multiple-choice answer holding an option, and combines filters and search', async () => {
    expect((await names([{ questionId: ids.days, choices: ['Day 2'] }])).names).toEqual([
      'Bo',
      'Cy',
      'Ed',
    ]);
    expect(
      (
        await names([
          { questionId: ids.days, choices: ['Day 2'] },
          { questionId: ids.diet, choices: ['vegetarian', 'vegan'] },
        ])
      ).names,
    ).toEqual(['Bo', 'Ed']);
    expect((await names([{ questionId: ids.days, choices: ['Day 2'] }], 'ed')).names).toEqual([
      'Ed',
    ]);
  });

  it('matches nobody on an option nobody chose, and treats SQL-looking text as text', async () => {
    expect(await names([{ questionId: ids.diet, choices: ["vegan') or true --"] }])).toEqual({
      names: [],
      total: 0,
    });
  });
});
