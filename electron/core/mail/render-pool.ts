import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { composeMessage, type ComposeJob } from './compose';
import type { ComposeReply, ComposeRequest } from './render-thread';

/** Builds messages on threads of their own, so rendering runs beside sending on every core. */
export interface RenderPool {
  /** On a loaded thread if there is one, else here. */
  compose(job: ComposeJob): Promise<Buffer>;
  /** Starts the threads (they take a second or so to load); a no-op once started. */
  spinUp(): void;
  close(): Promise<void>;
}

/** The built app's thread file sits beside the bundle (electron.vite.config.ts names it). */
export const renderThreadBundle = 'mail-render-thread.js';

const here = fileURLToPath(import.meta.url);

/**
 * The thread's entry. From the sources (tests, benchmarks, `tsx`) the thread loads tsx first, the
 * same loader the tests run under; the built app and `usher` load the compiled file.
 */
function threadEntry(): { code: string; eval: true } | { file: string; eval: false } {
  if (!here.endsWith('.ts')) {
    // This code may sit in the entry bundle or in a shared chunk one folder below it.
    const beside = [dirname(here), dirname(dirname(here))].map((dir) =>
      join(dir, renderThreadBundle),
    );
    return { file: beside.find((file) => existsSync(file)) ?? beside[0]!, eval: false };
  }
  // tsx's require hooks (its "./cjs" export): they act at once in this thread, where Node 20's
  // import hooks, registered off-thread, do not reach a worker.
  const load = createRequire(here);
  const tsconfig = resolve(dirname(here), '../../../tsconfig.node.json');
  const code = `process.env.TSX_TSCONFIG_PATH = ${JSON.stringify(tsconfig)};
    require(${JSON.stringify(load.resolve('tsx/cjs'))});
    require(${JSON.stringify(join(dirname(here), 'render-thread.ts'))});`;
  return { code, eval: true };
}

interface Thread {
  worker: Worker;
  ready: boolean;
  pending: Map<number, { resolve(raw: Buffer): void; reject(error: Error): void; job: ComposeJob }>;
}

/**
 * `threads` render threads, started by `spinUp` (a bulk send: one confirmation is not worth a
 * thread's start-up); 0 renders on the calling thread. Messages are built here until a thread has
 * loaded, and a thread that cannot start or dies hands its
 * messages back to be built here: the pool is a speed-up, never why a message waits or fails.
 */
export function createRenderPool(options: { threads?: number; log: Logger }): RenderPool {
  const size = options.threads ?? Math.min(4, availableParallelism());
  const threads: Thread[] = [];
  let broken = size === 0;
  let seq = 0;

  function giveUp(reason: string) {
    if (!broken) options.log.warn('Mail renders on the main thread', { reason });
    broken = true;
    for (const thread of threads.splice(0)) {
      void thread.worker.terminate();
      for (const { resolve: done, reject, job } of thread.pending.values()) {
        composeMessage(job).then(done, reject);
      }
    }
  }

  function start(): Thread {
    const entry = threadEntry();
    // From the sources the thread registers tsx itself: inheriting a tsx the parent was started
    // with as well would load each file through two loaders.
    const worker = entry.eval
      ? new Worker(entry.code, { eval: true, execArgv: [] })
      : new Worker(entry.file);
    const thread: Thread = { worker, ready: false, pending: new Map() };
    worker.unref();
    worker.on('message', (reply: ComposeReply) => {
      if ('ready' in reply) {
        thread.ready = true;
        return;
      }
      const waiting = thread.pending.get(reply.seq);
      if (!waiting) return;
      thread.pending.delete(reply.seq);
      if ('raw' in reply) {
        waiting.resolve(Buffer.from(reply.raw.buffer, reply.raw.byteOffset, reply.raw.byteLength));
      } else waiting.reject(new Error(reply.error));
    });
    worker.on('error', (error) => giveUp(error.message));
    worker.on('exit', (code) => {
      if (threads.includes(thread)) giveUp(`a render thread exited with code ${code}`);
    });
    return thread;
  }

  return {
    compose(job) {
      const ready = threads.filter((thread) => thread.ready);
      // Until a thread has loaded (a second or so), messages are built here rather than wait.
      if (ready.length === 0) return composeMessage(job);
      // The thread with the fewest messages waiting: a slow message never holds up the rest.
      const thread = ready.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      return new Promise<Buffer>((done, reject) => {
        const request: ComposeRequest = { seq: ++seq, job };
        thread.pending.set(request.seq, { resolve: done, reject, job });
        thread.worker.postMessage(request);
      });
    },
    spinUp() {
      if (!broken && threads.length === 0) while (threads.length < size) threads.push(start());
    },
    async close() {
      const closing = threads.splice(0);
      await Promise.all(closing.map((thread) => thread.worker.terminate()));
      for (const { reject } of closing.flatMap((thread) => [...thread.pending.values()])) {
        reject(new Error('The mail worker stopped'));
      }
    },
  };
}
