import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDto } from '@shared/domain';
import { adminInput, setupAdmin, staffCaller, type Caller } from '../support/core';
import { startE2e, type AppPage, type E2e } from '../support/e2e';
import { dismissToasts, expectClean, goTo, signIn, toast } from '../support/e2e-app';
import { createEvent } from '../support/events';
import { outboxSettled, smtpLogin } from '../core/mail/fixtures';
import { startTestSmtp, type TestSmtp } from '../core/mail/smtp';

let e2e: E2e;
let smtp: TestSmtp;
let admin: Caller;
let event: EventDto;
let app: AppPage;

beforeAll(async () => {
  smtp = await startTestSmtp({ auth: smtpLogin });
  e2e = await startE2e('mail');
  admin = await setupAdmin(e2e.test);
  const organizer = await staffCaller(e2e.test, admin, 'organizer');
  event = await createEvent(organizer, { title: 'Lantern Festival', maxAttendees: 2 });
  for (const [name, email] of [
    ['Mira Mail', 'mira@example.org'],
    ['Bounce Bert', 'bert@example.org'],
    ['Wanda Wait', 'wanda@example.org'],
  ]) {
    await organizer.ok('registrations.register', { eventId: event.id, name: name!, email: email! });
  }
  app = await e2e.open();
  await signIn(app.page, adminInput.email, adminInput.password);
});

// What the worker's outbox looks like to the tests; the app's worker sends once settings exist.
const world = () => ({ test: e2e.test }) as Parameters<typeof outboxSettled>[0];

describe('the mail screen', () => {
  it('saves the SMTP account, the password into the keychain only', async () => {
    const { page } = app;
    await goTo(page, 'Mail');
    await page.getByLabel('SMTP server').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(smtp.port));
    await page.getByLabel('Encryption').selectOption('none');
    await page.getByLabel('User name').fill(smtpLogin.username);
    await page.getByLabel('SMTP password').fill(smtpLogin.password);
    await page.getByLabel('Sender name').fill('Lantern Team');
    await page.getByLabel('Sender address').fill('tickets@lantern.example');
    await page.getByRole('button', { name: 'Save mail settings' }).click();
    await page.getByText('Saved in the keychain. Leave empty to keep it.').waitFor();
    expect(await e2e.device.secrets.get('smtp-password')).toBe(smtpLogin.password);
    expect(await page.getByLabel('SMTP password').inputValue()).toBe('');

    // Three registrations were queued before there was an account; now they go out.
    e2e.test.core.startMailWorker({ pollMs: 50 });
    await smtp.waitFor(3);
    await app.screenshot('mail-settings');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('edits a template with a preview of exactly what is sent', async () => {
    const { page } = app;
    await page.getByLabel('Event').selectOption({ label: 'Lantern Festival' });
    await page.getByLabel('Subject', { exact: true }).fill('Your lantern ticket, {{name}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page
      .getByTestId('preview-subject')
      .getByText('Your lantern ticket, Alex Example')
      .waitFor();
    // The HTML part drawn as a mail program draws it, in a frame that runs nothing.
    const frame = page.getByTestId('preview-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const html = page.frameLocator('[data-testid="preview-html"]');
    await html.getByText('Hello Alex Example,').waitFor();
    // The inline QR (cid: in what is sent) is drawn from the preview's data: URL.
    const qr = html.getByRole('img', { name: /^Ticket / });
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(100);
    await page.getByRole('tab', { name: 'Plain text' }).click();
    expect(await page.getByTestId('preview-text').textContent()).toContain('Hello Alex Example,');
    await page.getByRole('tab', { name: 'As sent (HTML)' }).click();
    await page.getByLabel('Subject', { exact: true }).fill('Your lantern ticket, {{nmae}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Unknown placeholder: {{nmae}}').waitFor();
    await page.getByLabel('Subject', { exact: true }).fill('Your lantern ticket, {{name}}');
    await page.getByRole('button', { name: 'Save template' }).click();
    await toast(page, 'Template saved');
    expect(await page.getByText('Unknown placeholder: {{nmae}}').count()).toBe(0);
    await dismissToasts(page);
    await app.screenshot('mail-template');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('shows markup and script in a template as the words they are, running none of it', async () => {
    const { page } = app;
    const title = await page.title();
    const body =
      'Hi {{name}} <script>parent.document.title = "ran"; document.body.dataset.ran = "yes"</script>' +
      ' <img src="x" onerror="parent.document.title = \'ran\'"> <b>not bold</b>';
    await page.getByLabel('Message text').fill(body);
    await page.getByRole('button', { name: 'Preview' }).click();
    const html = page.frameLocator('[data-testid="preview-html"]');
    await html.getByText('<script>parent.document.title', { exact: false }).waitFor();
    expect(await html.locator('body').innerText()).toContain('<b>not bold</b>');
    expect(await html.locator('script, b, img[src="x"]').count()).toBe(0);
    expect(await html.locator('body').getAttribute('data-ran')).toBeNull();
    expect(await page.title()).toBe(title);
    await app.screenshot('mail-preview-rendered');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    expect(await page.getByTestId('preview-text').textContent()).toContain(
      '<script>parent.document',
    );
    await page.getByRole('tab', { name: 'As sent (HTML)' }).click();
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('sends to a filtered group, saying how many first', async () => {
    const { page } = app;
    await page.getByLabel('Recipients').selectOption({ label: 'Everyone on the waitlist' });
    await page.getByText('1 person will receive it').waitFor();
    await page.getByLabel('Recipients').selectOption({ label: 'Registered, not checked in' });
    await page.getByText('2 people will receive it').waitFor();
    await page.getByLabel('Group subject').fill('Bring a lantern');
    await page.getByLabel('Group message').fill('Hello {{name}}, bring a lantern to {{event}}.');
    const before = smtp.received.length;
    await page.getByRole('button', { name: 'Send to 2 people' }).click();
    await toast(page, 'Queued 2 messages');
    const got = (await smtp.waitFor(before + 2)).slice(before).map((r) => r.mail.text!.trim());
    expect(got.sort()).toEqual([
      'Hello Bounce Bert, bring a lantern to Lantern Festival.',
      'Hello Mira Mail, bring a lantern to Lantern Festival.',
    ]);
    await dismissToasts(page);
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });

  it('shows an attendee’s messages with a failure’s reason, and resends', async () => {
    const { page } = app;
    await outboxSettled(world());
    smtp.refuseNext(1, 550, '5.1.1 Bert has no mailbox here');
    await page.getByRole('button', { name: 'Send tickets to everyone who has none yet' }).click();
    await toast(page, 'Tickets queued');
    // Everyone has a ticket already: nothing new, so make Bert's fail through a resend.
    await page.getByLabel('Find attendee').fill('Bert');
    await page.getByRole('button', { name: 'Bounce Bert <bert@example.org>' }).click();
    const table = page.getByRole('table', { name: 'Messages to Bounce Bert' });
    await table.getByRole('cell', { name: 'Registration confirmation (ticket)' }).waitFor();
    await table.getByRole('button', { name: 'Resend' }).first().click();
    await toast(page, 'Message queued again');
    await outboxSettled(world());
    await page.getByRole('button', { name: 'Bounce Bert <bert@example.org>' }).click();
    await table.getByText('Bert has no mailbox here').waitFor();
    await table.getByText('Failed').waitFor();
    await dismissToasts(page);
    await table.getByRole('button', { name: 'Resend' }).last().click();
    await toast(page, 'Message queued again');
    await outboxSettled(world());
    await page.getByRole('button', { name: 'Bounce Bert <bert@example.org>' }).click();
    // The ticket, the group message, the resend the server refused, the resend it took.
    await expect.poll(async () => table.locator('tbody tr').count()).toBe(4);
    await expect.poll(async () => table.getByText('Sent', { exact: true }).count()).toBe(3);
    await dismissToasts(page);
    await app.screenshot('mail-attendee');
    expect(await expectClean(app)).toEqual({ a11y: [], problems: [] });
  });
});
