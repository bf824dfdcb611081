/**
 * A stream that carries tens of megabytes in Buffers (a COPY export: PostgreSQL's socket reads and
 * the rewritten chunks) makes few JavaScript objects, so V8 collects its dead Buffers late: the
 * young generation fills slowly, and V8's own trigger for Buffers alone waits for 32 MB of them
 * (twice its default largest semi-space). Until then they stay resident, 16–32 MB more for the
 * length of an export (test/bench/results.md). Where `gc` is exposed (the API workers run with
 * `--expose-gc`, api/src/server.ts), a young-generation collection after every few megabytes
 * streamed frees them as the export goes; elsewhere this does nothing.
 */
const collectEveryBytes = 4 * 1024 * 1024;
let bytesSinceCollection = 0;

/** Counts Buffers a stream has made or passed on, and collects the young generation when they add up. */
export function countStreamedBytes(bytes: number): void {
  const collect = globalThis.gc;
  if (!collect) return;
  bytesSinceCollection += bytes;
  if (bytesSinceCollection < collectEveryBytes) return;
  bytesSinceCollection = 0;
  // A scavenge: a fraction of a millisecond (0.2 ms median in a trial), the old generation untouched.
  collect({ type: 'minor' });
}
