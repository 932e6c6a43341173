import { parseArgs } from 'node:util';
import type { Core } from '../core';
import { initTeam } from '../core/devices/team-init';
import { teamInitialized } from '../core/devices/team-roles';
import { UsageError } from './usage';

export const teamUsage = `Usage: usher team init

Sets this team's database up for least privilege (run once, with the owner's connection in
DATABASE_URL; running it again is harmless): group roles for door, organizer and admin desktops,
their grants and row-level security. Then enroll each desktop with "usher devices add".`;

/** `usher team init`: lays the group roles, grants and row-level security. */
export async function teamCommand(
  argv: string[],
  withCore: (run: (core: Core) => Promise<number>) => Promise<number>,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(teamUsage + '\n');
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'init') {
    throw new UsageError('team takes one subcommand: init');
  }
  return withCore(async (core) => {
    if (core.mode !== 'team') throw new UsageError('team init needs DATABASE_URL (team mode)');
    const { database, groups } = await initTeam(core.db);
    process.stderr.write(
      `Team mode is set up on database ${database}: group roles ${Object.values(groups).join(', ')}.\n` +
        'Enroll each desktop with: usher devices add --name "Gate A" --role door\n',
    );
    return 0;
  });
}

/** After `usher migrate`: new tables get their grants and policies at once. */
export async function refreshTeamGrants(core: Core): Promise<void> {
  if (core.mode === 'team' && (await teamInitialized(core.db))) await initTeam(core.db);
}
