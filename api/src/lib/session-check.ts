import { LRUCache } from 'lru-cache';

/** How long a process trusts what it last read about a session or client: one second. */
export const sessionCheckTtlMs = 1000;

/**
 * Whether an access token still stands: asked of the database, the one source of truth for every
 * process, and remembered here for at most a second so a busy caller costs one query a second.
 * A write in this process that ends sessions makes it forget at once; other processes follow
 * within the second.
 */
export class SessionCheck {
  private readonly cache: LRUCache<string, { value: unknown }>;
  /** Bumped by forget(), so a lookup that began before a write does not store its stale answer. */
  private generation = 0;

  constructor(ttlMs = sessionCheckTtlMs) {
    this.cache = new LRUCache({ max: 10_000, ttl: ttlMs });
  }

  isLive(key: string, lookup: () => Promise<boolean>): Promise<boolean> {
    return this.remember(key, lookup);
  }

  /** The same for what a credential stands for (an API client's HTTP Basic key and secret). */
  async remember<T>(key: string, lookup: () => Promise<T>): Promise<T> {
    const known = this.cache.get(key);
    if (known !== undefined) return known.value as T;
    const generation = this.generation;
    const value = await lookup();
    if (generation === this.generation) this.cache.set(key, { value });
    return value;
  }

  forget(): void {
    this.generation += 1;
    this.cache.clear();
  }
}
