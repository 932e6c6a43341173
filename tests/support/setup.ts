import { afterAll, vi } from 'vitest';
import { runCleanups } from './cleanup';

// Every test file: one fake `electron` (nothing under test may reach the real one), and the
// cleanups fixtures registered, run after the file's last test.
vi.mock('electron', () => import('./fake-electron'));

afterAll(runCleanups);
