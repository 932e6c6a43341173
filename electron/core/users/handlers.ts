import type { UserDto } from '@shared/domain';
import type { CoreDeps } from '../deps';
import { AppError, notFound } from '../errors';
import type { DomainHandlers } from '../handlers';
import { writeAudit } from '../audit/write-audit';
import { hashPassword } from '../auth/passwords';
import { deleteUserSessions } from '../auth/sessions';
import { userColumns } from './user-sql';
import { likePattern, sqlState, UNIQUE_VIOLATION } from '../sql-format';

export function usersHandlers({ db, sessions }: CoreDeps): DomainHandlers<'users'> {
  return {
    'users.list': async (input) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (input.search) {
        params.push(likePattern(input.search));
        where.push(`(u.email ilike $${params.length} or u.full_name ilike $${params.length})`);
      }
      if (input.role) {
        params.push(input.role);
        where.push(`u.role = $${params.length}`);
      }
      if (!input.includeDisabled) where.push('not u.disabled');
      return db.many<UserDto>(
        `select ${userColumns} from users u
         ${where.length ? 'where ' + where.join(' and ') : ''}
         order by u.full_name, u.email`,
        params,
      );
    },

    'users.create': async (input, { user: actor }) => {
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.tx(async (sql) => {
          const created = (await sql.one<UserDto>(
            `insert into users as u (email, full_name, role, password_hash)
             values ($1, $2, $3, $4) returning ${userColumns}`,
            [input.email, input.fullName, input.role, passwordHash],
          ))!;
          await writeAudit(sql, {
            actorId: actor.id,
            action: 'users.create',
            entity: 'user',
            entityId: created.id,
            after: created,
          });
          return created;
        });
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw new AppError('CONFLICT', 'A staff account with that email already exists', {
            email: 'Already in use',
          });
        }
        throw error;
      }
    },

    'users.update': async (input, { user: actor }) => {
      const updated = await db.tx(async (sql) => {
        // Lock every admin row so two concurrent demotions cannot leave zero admins.
        await sql.many("select id from users where role = 'admin' for update");
        const before = await sql.one<UserDto>(
          `select ${userColumns} from users u where u.id = $1 for update`,
          [input.id],
        );
        if (!before) throw notFound('That staff account');
        const losesAdmin =
          before.role === 'admin' &&
          !before.disabled &&
          ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
        if (losesAdmin) {
          if (input.id === actor.id) {
            throw new AppError('CONFLICT', 'You cannot remove your own admin access');
          }
          const admins = await sql.one<{ n: number }>(
            "select count(*)::int as n from users where role = 'admin' and not disabled",
          );
          if ((admins?.n ?? 0) <= 1)
            throw new AppError('CONFLICT', 'Usher needs at least one admin');
        }
        const after = (await sql.one<UserDto>(
          `update users u set
             full_name = coalesce($2, full_name),
             role = coalesce($3, role),
             disabled = coalesce($4, disabled),
             updated_at = now()
           where u.id = $1 returning ${userColumns}`,
          [input.id, input.fullName ?? null, input.role ?? null, input.disabled ?? null],
        ))!;
        // A changed role or a disabled account must not keep a session minted under the old rules.
        if (after.role !== before.role || after.disabled) await deleteUserSessions(sql, after.id);
        await writeAudit(sql, {
          actorId: actor.id,
          action: 'users.update',
          entity: 'user',
          entityId: after.id,
          before,
          after,
        });
        return after;
      });
      // After the commit, or a call in between could cache the old session again.
      sessions.forgetUser(updated.id);
      return updated;
    },

    'users.resetPassword': async (input, { user: actor }) => {
      const passwordHash = await hashPassword(input.password);
      await db.tx(async (sql) => {
        const changed = await sql.run(
          'update users set password_hash = $2, updated_at = now() where id = $1',
          [input.id, passwordHash],
        );
        if (changed === 0) throw notFound('That staff account');
        await deleteUserSessions(sql, input.id);
        await writeAudit(sql, {
          actorId: actor.id,
          action: 'users.resetPassword',
          entity: 'user',
          entityId: input.id,
        });
      });
      sessions.forgetUser(input.id);
      return { reset: true as const };
    },
  };
}
