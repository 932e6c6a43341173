import type { Sql } from '../db/db';
import { AppError } from '../errors';
import { writeAudit } from '../audit/write-audit';

/*
 * Slowing down password guessing. Per account (shared by every desktop, in the database): five
 * failures in a row are free, then each further one locks the account for 30 s, doubling up to
 * 15 minutes; a success clears it. Per desktop (this process): twenty failures on any accounts,
 * then the same growing pause, so one desktop cannot try a few passwords on every account.
 * Unknown emails count like real ones, so a lock-out never tells which accounts exist.
 */
const FREE_FAILURES = { account: 5, desktop: 20 };
const FIRST_PAUSE_MS = 30_000;
const LONGEST_PAUSE_MS = 15 * 60_000;
/** Failures older than this are forgotten. */
const MEMORY_MS = 60 * 60_000;

export const pauseAfter = (failures: number, free: number): number =>
  failures <= free ? 0 : Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (failures - free - 1));

const wait = (ms: number) => {
  const seconds = Math.ceil(ms / 1000);
  return seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
};

const lockedOut = (what: string, ms: number) =>
  new AppError(
    'UNAUTHENTICATED',
    `Too many failed sign-ins ${what}. For your safety, sign-in is paused: try again in ${wait(ms)}.`,
  );

export function createSignInThrottle() {
  const desktop = { failures: 0, lastAt: 0, until: 0 };

  return {
    /** Refuses at once, before any password is checked, while the desktop or account is paused. */
    async check(sql: Sql, email: string): Promise<void> {
      const now = Date.now();
      if (desktop.until > now) throw lockedOut('on this desktop', desktop.until - now);
      const row = await sql.one<{ ms: number }>(
        `select greatest(0, extract(epoch from (locked_until - now())) * 1000)::float8 as ms
           from sign_in_failures where email = lower($1) and locked_until > now()`,
        [email],
      );
      if (row) throw lockedOut('for this account', row.ms);
    },

    /** Counts a failure; a failure that starts a pause is audited as a lock-out. */
    async failed(sql: Sql, email: string, userId: string | null): Promise<void> {
      const now = Date.now();
      if (now - desktop.lastAt > MEMORY_MS) desktop.failures = 0;
      desktop.failures += 1;
      desktop.lastAt = now;
      const desktopPause = pauseAfter(desktop.failures, FREE_FAILURES.desktop);
      if (desktopPause > 0) desktop.until = now + desktopPause;

      const row = (await sql.one<{ failures: number }>(
        `insert into sign_in_failures as f (email, failures, last_failed_at)
         values (lower($1), 1, now())
         on conflict (email) do update set
           failures = case when f.last_failed_at < now() - make_interval(secs => $2 / 1000.0)
                           then 1 else f.failures + 1 end,
           last_failed_at = now()
         returning failures`,
        [email, MEMORY_MS],
      ))!;
      const accountPause = pauseAfter(row.failures, FREE_FAILURES.account);
      if (accountPause > 0) {
        await sql.run(
          `update sign_in_failures set locked_until = now() + make_interval(secs => $2 / 1000.0)
            where email = lower($1)`,
          [email, accountPause],
        );
      }
      if (accountPause > 0 || desktopPause > 0) {
        await writeAudit(sql, {
          actorId: null,
          action: 'auth.locked_out',
          entity: 'user',
          entityId: userId,
          after: {
            email,
            accountFailures: row.failures,
            desktopFailures: desktop.failures,
            accountPausedForMs: accountPause,
            desktopPausedForMs: desktopPause,
          },
        });
      }
    },

    async succeeded(sql: Sql, email: string): Promise<void> {
      await sql.run('delete from sign_in_failures where email = lower($1)', [email]);
    },
  };
}
