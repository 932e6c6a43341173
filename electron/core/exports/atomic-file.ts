import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';

/**
 * A file that appears under its name only when complete: written to a hidden temporary file in
 * the same folder (so the rename is atomic), flushed to disk, then renamed over the target.
 */
export interface AtomicFile {
  readonly stream: WriteStream;
  readonly tempPath: string;
  /** After the stream has finished: flushes to disk, renames, returns the size in bytes. */
  commit(): Promise<number>;
  /** Removes the temporary file unless committed; safe after any failure and safe twice. */
  discard(): Promise<void>;
}

export async function createAtomicFile(target: string, tag: string): Promise<AtomicFile> {
  const tempPath = join(dirname(target), `.usher-export-${tag}.part`);
  // 'wx': never follow or reuse something already at the temporary name.
  const stream = createWriteStream(tempPath, { flags: 'wx', highWaterMark: 256 * 1024 });
  // Failures surface through the writers (stream.errored); never as an unhandled 'error' event.
  stream.on('error', () => {});
  await once(stream, 'ready'); // rejects if the file cannot be created
  let committed = false;

  return {
    stream,
    tempPath,
    async commit() {
      // The stream closed its descriptor; fsync applies to the file, so a fresh one serves.
      const handle = await open(tempPath, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const { size } = await stat(tempPath);
      await rename(tempPath, target);
      committed = true;
      return size;
    },
    async discard() {
      if (committed) return;
      if (!stream.closed) {
        stream.destroy();
        await once(stream, 'close').catch(() => {});
      }
      await unlink(tempPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
  };
}
