import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { DeviceDto, DeviceKind } from '@shared/contract/devices';
import { deviceName } from '@shared/contract/devices';
import { roles } from '@shared/domain';
import type { Core } from '../core';
import { enrollDevice, listDevices, revokeDevice } from '../core/devices/device-logins';
import { UsageError } from './usage';

export const devicesUsage = `Usage: usher devices <add|list|revoke> [options]

  add --name NAME --role door|organizer|admin [--json]
        create this desktop's own PostgreSQL login and Redis user and print its one-time
        enrollment code (valid 24 hours); paste it on the desktop in Settings → Join a team.
        --json prints the code's fields: PostgreSQL and Redis addresses for that device
  list [--json]      every desktop, its role, when it joined and was last seen
  revoke ID          end that desktop's connections and logins to PostgreSQL and Redis

Runs with the owner's connection: DATABASE_URL and REDIS_URL (the server's default user).`;

export interface DevicesCommandEnv {
  databaseUrl?: string;
  redisUrl?: string;
  stdout: NodeJS.WritableStream;
}

export async function devicesCommand(
  argv: string[],
  withCore: (run: (core: Core) => Promise<number>) => Promise<number>,
  env: DevicesCommandEnv,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const print = (text: string) => env.stdout.write(text + '\n');
  if (values.help) {
    print(devicesUsage);
    return 0;
  }
  const [sub, ...rest] = positionals;
  if (!env.databaseUrl) throw new UsageError('devices needs DATABASE_URL: the owner connection');
  const databaseUrl = env.databaseUrl;

  if (sub === 'list' && rest.length === 0) {
    return withCore(async (core) => {
      const devices = await listDevices(core.db);
      print(values.json ? JSON.stringify(devices) : formatDevices(devices));
      return 0;
    });
  }
  if (sub === 'add' && rest.length === 0) {
    const name = deviceName.safeParse(values.name ?? '');
    if (!name.success) throw new UsageError(`--name: ${name.error.issues[0]!.message}`);
    const kind = values.role as DeviceKind;
    if (!roles.includes(kind)) throw new UsageError(`--role must be one of: ${roles.join(', ')}`);
    return withRedis(env.redisUrl, (redisAdmin) =>
      withCore(async (core) => {
        const enrolled = await enrollDevice(core.db, {
          name: name.data,
          kind,
          databaseUrl,
          redisUrl: env.redisUrl ?? null,
          redisAdmin,
          redisKeyPrefix: core.redisKeyPrefix,
        });
        if (values.json) print(JSON.stringify(enrolled));
        else {
          print(`Enrolled "${enrolled.device.name}" as a ${kind} desktop (${enrolled.device.id}).`);
          print(`Enrollment code (works once, until ${enrolled.enrollment.expiresAt}):`);
          print(enrolled.enrollment.code);
        }
        return 0;
      }),
    );
  }
  if (sub === 'revoke' && rest.length === 1) {
    const id = rest[0]!;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError('revoke needs a desktop id (see list)');
    return withRedis(env.redisUrl, (redisAdmin) =>
      withCore(async (core) => {
        const device = await revokeDevice(core.db, id, redisAdmin);
        if (!device) {
          process.stderr.write(`usher: no desktop with id ${id}\n`);
          return 1;
        }
        print(
          values.json ? JSON.stringify(device) : `Revoked "${device.name}": it is cut off now.`,
        );
        return 0;
      }),
    );
  }
  throw new UsageError('devices takes: add --name NAME --role ROLE, list, or revoke ID');
}

async function withRedis<T>(url: string | undefined, run: (redis: Redis | null) => Promise<T>) {
  const redis = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : null;
  try {
    return await run(redis);
  } finally {
    redis?.disconnect();
  }
}

function formatDevices(devices: DeviceDto[]): string {
  if (devices.length === 0) return 'No desktops enrolled.';
  const state = (d: DeviceDto) =>
    d.revokedAt ? `revoked ${d.revokedAt}` : d.joinedAt ? 'joined' : 'waiting for its code';
  return devices
    .map((d) =>
      [d.id, d.kind.padEnd(9), d.name, state(d), `last seen ${d.lastSeenAt ?? 'never'}`].join('  '),
    )
    .join('\n');
}
