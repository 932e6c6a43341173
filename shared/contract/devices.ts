import { z } from 'zod';
import type { Role } from '../domain';
import { defineChannel } from './define';
import { id } from './fields';

// Enrolled desktops in team mode: each has its own PostgreSQL login (and Redis ACL user) in the
// group role of its kind, so the database, not the desktop, decides what it may do.

/** A desktop's kind is the highest staff role it can sign in (a door desktop signs in stewards too). */
export const deviceKinds = ['admin', 'organizer', 'door'] as const satisfies readonly Role[];
export type DeviceKind = (typeof deviceKinds)[number];
const deviceKind = z.enum(deviceKinds, {
  message: `Kind must be one of: ${deviceKinds.join(', ')}`,
});

export interface DeviceDto {
  id: string;
  name: string;
  kind: DeviceKind;
  /** Its PostgreSQL login and Redis user. */
  login: string;
  createdAt: string;
  /** Null until the desktop joins with its enrollment code. */
  joinedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  codeExpiresAt: string;
}

/** What a desktop needs to join, and nothing else; shown once. */
export interface EnrollmentCode {
  /** The fields below as one string to paste (or scan from a QR code). */
  code: string;
  /** PostgreSQL address with this device's login and one-time password. */
  databaseUrl: string;
  /** Redis address with this device's user (its password is handed over on joining). */
  redisUrl: string;
  expiresAt: string;
}

export interface EnrolledDevice {
  device: DeviceDto;
  enrollment: EnrollmentCode;
}

/** What this desktop is connected as: shown in Settings. */
export interface DesktopStatus {
  /** 'owner': the schema owner's login (local mode, or a desktop not yet enrolled). */
  kind: DeviceKind | 'owner' | 'none';
  deviceName: string | null;
  /** Team mode is set up on this database, so this desktop should use its own login. */
  teamInitialized: boolean;
  /** A plain warning to show, or null. */
  warning: string | null;
}

export const deviceName = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name is at most 100 characters');

export const enrollmentCodeText = z
  .string()
  .trim()
  .min(1, 'Paste the enrollment code')
  .max(4000, 'That is not an enrollment code');

export const devicesChannels = {
  'devices.list': defineChannel<DeviceDto[]>()('admin', z.strictObject({})),
  'devices.add': defineChannel<EnrolledDevice>()(
    'admin',
    z.strictObject({ name: deviceName, kind: deviceKind }),
  ),
  'devices.revoke': defineChannel<DeviceDto>()('admin', z.strictObject({ id })),
  'devices.status': defineChannel<DesktopStatus>()('public', z.strictObject({})),
  // Like settings.save: this desktop's own settings, useless without a valid code.
  'devices.join': defineChannel<{ name: string; kind: DeviceKind; restartRequired: true }>()(
    'public',
    z.strictObject({ code: enrollmentCodeText }),
  ),
};
