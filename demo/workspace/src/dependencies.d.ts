// What `npm install` would give this demo service (Node's and redis's types), declared only as
// far as the code uses them, so that the demo opens without errors and without node_modules.
declare module 'node:crypto' {
  export function randomUUID(): string;
}

declare module 'redis' {
  export interface RedisClient {
    get(key: string): Promise<string | null>;
    set(key: string, value: string, options?: { EX?: number }): Promise<unknown>;
    del(key: string): Promise<number>;
    publish(channel: string, message: string): Promise<number>;
  }
  export function createClient(options?: { url?: string }): RedisClient;
}

declare const process: { env: Record<string, string | undefined> };
