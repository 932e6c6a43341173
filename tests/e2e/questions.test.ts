import { beforeAll, describe, expect, it } from 'vitest';
import { adminInput, setupAdmin, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { expectClean, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';

let e2e: E2e;
let admin: Caller;
let app: AppPage;
let eventId: string;

const dialog = (name: string) => app.page.getByRole('dialog', { name });
const questionsPanel = () => app.page.getByRole('region', { name: 'Registration questions' });

beforeAll(async () => {
  e2e = await startE2e('questions');
  admin = await setupAdmin(e2e.test);
  eventId = (await createEvent(admin, { title: 'Two-day Conference' })).id;
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
  await app.page.getByRole('button', { name: 'Two-day Conference', exact: true }).click();
  await app.page.getByRole('heading', { name: 'Two-day Conference', level: 1 }).waitFor();
});

async function addQuestion(fill: () => Promise<void>) {
  await questionsPanel().getByRole('button', { name: 'Add question' }).click();
  const form = dialog('Add a question');
  await fill();
  await form.getByRole('button', { name: 'Add question' }).click();
  await form.waitFor({ state: 'detached' });
}

describe('the questions editor', () => {
  it('adds questions, refusing a choice question without options until it has them', async () => {
    const form = dialog('Add a question');
    await addQuestion(async () => {
      await form.getByLabel('Question').fill('Dietary needs');
      await form.getByLabel('Answer').selectOption({ label: 'One option' });
      await form.getByLabel('Options, one per line').fill('none');
      await form.getByRole('button', { name: 'Add question' }).click();
      // The shared schema's message, before anything is sent.
      await form.getByText('Give at least two options').waitFor();
      await form.getByLabel('Options, one per line').fill('none\nvegetarian\nvegan');
      await form.getByLabel('Required').check();
      await form.getByLabel('Show at the door').check();
    });
    await toast(app.page, 'Question added');
    await addQuestion(async () => {
      await form.getByLabel('Question').fill('Guests');
      await form.getByLabel('Answer').selectOption({ label: 'Number' });
      await form.getByLabel('At most').fill('3');
    });
    await questionsPanel().getByText('Shown at the door').waitFor();
    const stored = await admin.ok('questions.list', { eventId });
    expect(stored.map((q) => [q.label, q.kind, q.required, q.doorVisible])).toEqual([
      ['Dietary needs', 'singleChoice', true, true],
      ['Guests', 'number', false, false],
    ]);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('reorders questions', async () => {
    await questionsPanel().getByRole('button', { name: 'Move “Guests” up' }).click();
    await toast(app.page, '“Guests” moved up');
    const stored = await admin.ok('questions.list', { eventId });
    expect(stored.map((q) => q.label)).toEqual(['Guests', 'Dietary needs']);
  });
});

describe('the register dialog asks the questions', () => {
  it('holds the answers to the shared rules, then stores them with the registration', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const form = dialog('Register attendee');
    await form.getByLabel('Name').fill('Grace Hopper');
    await form.getByLabel('Email').fill('grace@example.org');
    await form.getByLabel('Guests').fill('9');
    await form.getByRole('button', { name: 'Register' }).click();
    await form.getByText('This question is required').waitFor();
    await form.getByText('At most 3').waitFor();
    await form.getByLabel('Dietary needs (required)').selectOption('vegetarian');
    await form.getByLabel('Guests').fill('2');
    await form.getByRole('button', { name: 'Register' }).click();
    await toast(page, 'Grace Hopper is registered');
    const { items } = await admin.ok('registrations.list', {
      eventId,
      answers: [
        {
          questionId: (await admin.ok('questions.list', { eventId })).find(
            (q) => q.label === 'Dietary needs',
          )!.id,
          choices: ['vegetarian'],
        },
      ],
    });
    expect(items.map((r) => r.attendeeName)).toEqual(['Grace Hopper']);
    const answers = await admin.ok('answers.get', { registrationId: items[0]!.id });
    expect(Object.values(answers.answers).sort()).toEqual([2, 'vegetarian']);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});

describe('answers on the attendee', () => {
  it('shows an attendee’s answers and saves a correction', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Answers of Grace Hopper' }).click();
    const form = dialog('Answers of Grace Hopper');
    const diet = form.getByLabel('Dietary needs (required)');
    await diet.waitFor();
    expect(await diet.inputValue()).toBe('vegetarian');
    expect(await form.getByLabel('Guests').inputValue()).toBe('2');
    await diet.selectOption('vegan');
    await form.getByRole('button', { name: 'Save answers' }).click();
    await toast(page, 'Grace Hopper’s answers are saved');
    const [grace] = (await admin.ok('registrations.list', { eventId, search: 'Grace' })).items;
    const saved = await admin.ok('answers.get', { registrationId: grace!.id });
    expect(saved.version).toBe(1);
    expect(Object.values(saved.answers).sort()).toEqual([2, 'vegan']);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});
