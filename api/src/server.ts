import cluster, { type Worker } from 'node:cluster';
import { answerMetricsRequests } from './cluster-metrics';
import { ConfigError, readConfig } from './config';

/**
 * V8 heap settings of each API worker: semi-spaces of at most 4 MB (V8 grows them to 16 MB, 32 MB of
 * young generation held for good) and old space grown by 20 % over what survived the last full
 * collection (V8 lets it double or more when collections are cheap). After a burst of report
 * requests a worker's heap then stays near its idle size instead of keeping the peak (`pnpm bench`
 * reports a worker's RSS before the export, after the read and report rounds). `gc` is exposed for
 * the exports, which collect the Buffers they stream as they go (api/src/lib/streamed-buffers.ts).
 */
const workerHeapFlags = ['--max-semi-space-size=4', '--heap-growing-percent=20', '--expose-gc'];

/**
 * Starts Loket with WORKERS processes. One process (WORKERS=1, and always on PGlite) serves by
 * itself. With more, this process only supervises: the first worker migrates, syncs the content and
 * seeds, the others start once it listens, all share the port, and a worker that dies is replaced.
 * The supervisor loads none of the API, so it stays small.
 */
async function supervise() {
  const config = readConfig();
  if (config.workers === 1) return (await import('./serve')).serve({ prepare: true });

  cluster.setupPrimary({ execArgv: [...process.execArgv, ...workerHeapFlags] });
  answerMetricsRequests();
  let closing = false;
  let listening = 0;
  const fork = (prepare: boolean): Worker => {
    const worker = cluster.fork({
      LOKET_PREPARE: prepare ? 'true' : 'false',
      // glibc gives each thread that allocates (V8's GC helpers, libuv's pool) an arena of its own;
      // two keep a worker's resident memory during an export 5–10 MB lower (test/bench/results.md).
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    });
    let started = false;
    worker.once('listening', () => {
      started = true;
      listening += 1;
      // The first worker has prepared the database: the rest may start.
      if (prepare) for (let n = 1; n < config.workers; n++) fork(false);
      if (listening === config.workers)
        process.stderr.write(`Loket: ${config.workers} API processes on port ${config.port} (WORKERS).\n`);
    });
    worker.once('exit', (code, signal) => {
      if (closing) return;
      // A worker that never started would fail again: a configuration or database problem to fix.
      if (!started) {
        process.stderr.write(`Loket could not start: an API process exited (${signal ?? `code ${code}`}).\n`);
        closing = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        process.exitCode = 1;
        return;
      }
      process.stderr.write(
        `Loket: API process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another.\n`,
      );
      fork(false);
    });
    return worker;
  };
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // Each worker drains its requests and stops its background work; the supervisor ends with the last.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  fork(true);
}

const start = cluster.isPrimary
  ? supervise()
  : import('./serve').then(({ serve }) => serve({ prepare: process.env.LOKET_PREPARE === 'true' }));
start.catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Loket could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
