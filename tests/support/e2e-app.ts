import type { Page } from 'playwright-core';
import type { AppPage } from './e2e';

// What the end-to-end tests do over and over in the app's own words: sign in, go to a screen,
// wait for a toast, read a Performance measure.

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function goTo(page: Page, screen: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: screen })
    .click();
  await page.getByRole('heading', { name: screen, level: 1 }).waitFor();
}

/** Waits for a toast (a status or an alert) that contains the text. */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('region', { name: 'Notifications' }).getByText(text).first().waitFor();
}

/** Dismisses every toast, so the next screenshot shows the screen itself. */
export async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await buttons.count()) > 0) await buttons.first().click();
}

/** The durations of an app Performance measure (`usher:<name>`), oldest first. */
export function measures(
  page: Page,
  name: string,
): Promise<{ duration: number; detail: unknown }[]> {
  return page.evaluate(
    (entry) =>
      performance
        .getEntriesByName(entry, 'measure')
        .map((m) => ({ duration: m.duration, detail: (m as PerformanceMeasure).detail })),
    `usher:${name}`,
  );
}

/** Waits until the app has recorded `count` measures of that name. */
export async function waitForMeasures(page: Page, name: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([entry, n]) =>
      performance.getEntriesByName(entry as string, 'measure').length >= (n as number),
    [`usher:${name}`, count] as const,
  );
}

/** Axe findings and console problems together: every screen test ends with both empty. */
export async function expectClean(app: AppPage): Promise<{ a11y: unknown[]; problems: string[] }> {
  return { a11y: await app.seriousA11yViolations(), problems: [...app.problems] };
}
