// Teardown that always runs. Vitest 4 never runs an `afterAll` registered inside `beforeAll`
// (or inside a test), which is where fixtures are built; so fixtures hand their teardown here,
// and tests/support/setup.ts runs the list once, at the end of each test file.

type Cleanup = () => unknown;

const cleanups: Cleanup[] = [];

/** Runs `cleanup` after this test file's last test, after the cleanups registered later. */
export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

/** Newest first, like a stack: a core closes before the database it uses is dropped. */
export async function runCleanups(): Promise<void> {
  const failures: unknown[] = [];
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'Test cleanup failed');
}
