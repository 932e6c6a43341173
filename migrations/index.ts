import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764020000000 } from './1764020000000-initial-schema';
import { DoorSync1764031000000 } from './1764031000000-door-sync';

// Every migration, oldest first. Imported statically so the bundled app carries them all.
export const allMigrations: (new () => MigrationInterface)[] = [
  InitialSchema1764020000000,
  DoorSync1764031000000,
];

export const knownMigrationNames = allMigrations.map((Migration) => new Migration().name ?? '');
