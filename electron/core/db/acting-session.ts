import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * The session each call acts for, named to PostgreSQL on every connection the call uses
 * (usher_act_as, migration 1764330001000), so row-level security can show an organizer desktop
 * only what the person at it manages. The router runs each call inside `actingFor`; the Db names
 * the session when it takes a connection, and only when it differs from the one the connection
 * last named, so a desktop with one person at it pays for this once per connection.
 */
const acting = new AsyncLocalStorage<Buffer | null>();

/** Runs `fn` (and everything it starts) as the session with this token hash; null: nobody. */
export const actingFor = <T>(tokenHash: Buffer | null, fn: () => Promise<T>): Promise<T> =>
  acting.run(tokenHash, fn);

// What each pooled connection last named, by the driver's client object. A new connection has
// named nobody.
const named = new WeakMap<object, string>();

/** Names the current call's session on this connection, outside any transaction. */
export async function nameActingSession(
  connection: object,
  query: (sql: string, params: unknown[]) => Promise<unknown>,
): Promise<void> {
  const hash = acting.getStore() ?? null;
  const wanted = hash?.toString('hex') ?? '';
  if ((named.get(connection) ?? '') === wanted) return;
  await query('select usher_act_as($1)', [hash]);
  named.set(connection, wanted);
}
