import type { DesktopStatus } from '@shared/contract/devices';
import type { Db } from '../db/db';
import type { Logger } from '../log';
import { sqlState } from '../sql-format';
import { teamInitialized } from './team-roles';
import { loginRefusedMessage } from './login-failure';

const HEARTBEAT_MS = 60_000;
// The login is gone or disabled, or its connections were ended by an admin.
const REMOVED_STATES = new Set(['28000', '28P01', '57P01']);

export const removedMessage = loginRefusedMessage;

export const ownerLoginWarning =
  "This desktop signs in to the team database with the owner's password, which can read and change " +
  'everything. Ask an admin to enroll it (Staff → Devices) and join with its code (Settings → Join a team).';

export interface Presence {
  status(): Promise<DesktopStatus>;
  stop(): void;
}

/**
 * Tells the database this desktop is running (so admins see when each desktop was last seen),
 * and notices when its login has been revoked, to say so plainly.
 */
export function startPresence(db: Db, log: Logger, team: boolean): Presence {
  let removed = false;
  const beat = async () => {
    try {
      await db.run('select usher_device_seen()');
      removed = false;
    } catch (error) {
      if (REMOVED_STATES.has(sqlState(error) ?? '')) removed = true;
      else log.warn('device heartbeat failed', { error: (error as Error).message });
    }
  };
  const timer = team ? setInterval(() => void beat(), HEARTBEAT_MS) : null;
  timer?.unref();
  if (team) void beat();

  return {
    async status() {
      try {
        const row = (await db.one<{ kind: DesktopStatus['kind']; name: string | null }>(
          'select usher_desktop_kind() as kind, usher_desktop_name() as name',
        ))!;
        removed = false;
        const initialized = team && (await teamInitialized(db));
        return {
          kind: row.kind,
          deviceName: row.name,
          teamInitialized: initialized,
          warning: initialized && row.kind === 'owner' ? ownerLoginWarning : null,
        };
      } catch (error) {
        if (removed || REMOVED_STATES.has(sqlState(error) ?? '')) {
          removed = true;
          return { kind: 'none', deviceName: null, teamInitialized: true, warning: removedMessage };
        }
        throw error;
      }
    },
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
