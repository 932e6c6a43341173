import type { UserDto } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { AppError } from '../errors';
import type { CallContext, DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords';
import { createSession, deleteSession, deleteUserSessions } from './sessions';
import { hashToken } from './tokens';
import { userColumns } from '../users/user-sql';
import { createSignInThrottle } from './throttle';

// Serialises first-run setup so two windows cannot both create "the first admin".
const SETUP_LOCK_KEY = 7_366_846_111;

export function authHandlers({ db, sessions }: CoreDeps): DomainHandlers<'auth'> {
  const throttle = createSignInThrottle();
  const signIn = async (ctx: CallContext, token: string, remember: boolean) => {
    ctx.token = token;
    await ctx.onSessionChange?.({ token, remember });
  };

  return {
    'auth.session': async (_input, { user }) => {
      const anyUser = await db.one('select 1 from users limit 1');
      return { user, needsSetup: !anyUser };
    },

    'auth.setup': async (input, { ctx }) => {
      const { user, token } = await db.tx(async (sql) => {
        await sql.run('select pg_advisory_xact_lock($1)', [SETUP_LOCK_KEY]);
        if (await sql.one('select 1 from users limit 1')) {
          throw new AppError('CONFLICT', 'Usher is already set up. Sign in instead.');
        }
        const user = (await sql.one<UserDto>(
          `insert into users as u (email, full_name, role, password_hash)
           values ($1, $2, 'admin', $3) returning ${userColumns}`,
          [input.email, input.fullName, await hashPassword(input.password)],
        ))!;
        await writeAudit(sql, {
          actorId: user.id,
          action: 'auth.setup',
          entity: 'user',
          entityId: user.id,
          after: user,
        });
        return { user, token: await createSession(sql, user.id, false) };
      });
      await signIn(ctx, token, false);
      return { user };
    },

    'auth.login': async (input, { ctx }) => {
      await throttle.check(db, input.email);
      const row = await db.one<UserDto & { passwordHash: string }>(
        // Null for staff this desktop's login may not sign in (migration 1764200000000).
        `select ${userColumns}, usher_password_hash(u.id) as "passwordHash" from users u
          where lower(u.email) = lower($1)`,
        [input.email],
      );
      const valid = row?.passwordHash
        ? await verifyPassword(row.passwordHash, input.password)
        : await verifyAgainstDecoy(input.password);
      if (!row || !valid) {
        await db.tx(async (sql) => {
          await writeAudit(sql, {
            actorId: null,
            action: 'auth.login_failed',
            entity: 'user',
            entityId: row?.id ?? null,
            after: { email: input.email },
          });
          await throttle.failed(sql, input.email, row?.id ?? null);
        });
        throw new AppError('UNAUTHENTICATED', 'That email and password do not match.');
      }
      const { passwordHash: _hash, ...user } = row;
      if (user.disabled) {
        throw new AppError(
          'UNAUTHENTICATED',
          'This account is disabled. Ask an admin to enable it.',
        );
      }
      const token = await db.tx(async (sql) => {
        await throttle.succeeded(sql, input.email);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'auth.login',
          entity: 'user',
          entityId: user.id,
        });
        return createSession(sql, user.id, input.remember);
      });
      await signIn(ctx, token, input.remember);
      return { user };
    },

    'auth.logout': async (_input, { user, ctx }) => {
      if (ctx.token) {
        await deleteSession(db, ctx.token);
        sessions.forgetToken(ctx.token);
      }
      await writeAudit(db, {
        actorId: user.id,
        action: 'auth.logout',
        entity: 'user',
        entityId: user.id,
      });
      ctx.token = null;
      await ctx.onSessionChange?.({ token: null, remember: false });
      return { signedOut: true };
    },

    'auth.changePassword': async (input, { user, ctx }) => {
      // Through functions: a desktop's own login may not read or write hashes (migration 1764200000000).
      const row = await db.one<{ passwordHash: string | null }>(
        'select usher_password_hash($1) as "passwordHash"',
        [user.id],
      );
      if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
        throw new AppError('VALIDATION', 'Your current password is not right', {
          currentPassword: 'Your current password is not right',
        });
      }
      const newHash = await hashPassword(input.newPassword);
      await db.tx(async (sql) => {
        await sql.run('select usher_set_own_password_hash($1, $2)', [
          hashToken(ctx.token ?? ''),
          newHash,
        ]);
        // Whoever else holds a session (a stolen token, a forgotten desktop) is out; this one stays.
        await deleteUserSessions(sql, user.id, ctx.token ?? undefined);
        await writeAudit(sql, {
          actorId: user.id,
          action: 'auth.changePassword',
          entity: 'user',
          entityId: user.id,
        });
      });
      sessions.forgetUser(user.id);
      return { changed: true };
    },
  };
}
