import { invalid } from '../errors';
import { createAtomicFile } from '../exports/atomic-file';
import { checkTargetPath } from '../exports/target-path';

/**
 * Writes a PDF to the path a person chose (the save dialog or the CLI): whole or not at all, so a
 * failed batch never leaves half a file. `record` runs before the file is put in place (the audit
 * row); a failure in either discards the file.
 */
export async function savePdf(
  requestedPath: string,
  label: string,
  write: (out: NodeJS.WritableStream) => Promise<number>,
  record: (path: string, count: number) => Promise<void>,
): Promise<{ path: string; count: number; bytes: number }> {
  const path = await checkTargetPath(requestedPath);
  const file = await createAtomicFile(path, `${label}-${process.pid}-${Date.now()}`).catch(
    (error: Error) => {
      throw invalid('path', `Usher cannot write ${path}: ${error.message}`);
    },
  );
  try {
    const count = await write(file.stream);
    await record(path, count);
    const bytes = await file.commit();
    return { path, count, bytes };
  } finally {
    await file.discard();
  }
}
