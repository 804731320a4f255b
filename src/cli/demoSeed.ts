import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../core/anchoring';
import type { TextRange, ThreadKind } from '../core/model';
import type { LoreStore } from '../core/store/loreStore';

/** The range of the lines from the one containing `first` to the one containing `last`. */
function linesOf(text: string, first: string, last = first): TextRange | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(first));
  const end = lines.findIndex((l, i) => i >= start && l.includes(last));
  if (start < 0 || end < 0) return undefined;
  return { startLine: start, startCharacter: 0, endLine: end, endCharacter: lines[end].length };
}

/**
 * Fills a store with the demo workspace's sample knowledge and review notes, anchored to the
 * demo's real code. Idempotent: does nothing when the store already has articles.
 */
export function seedDemo(store: LoreStore, workspace: string): { articles: number; notes: number } {
  if (store.countArticles() > 0) return { articles: 0, notes: 0 };
  const read = (file: string) => {
    const full = path.join(workspace, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  };
  const snippet = (file: string, first: string, last: string, language = 'typescript') => {
    const text = read(file);
    const range = text ? linesOf(text, first, last) : undefined;
    if (!text || !range) return [];
    const anchor = createAnchor(text, range, { path: file });
    return [{ code: anchor.text, language, anchor }];
  };
  let articles = 0;
  store.createArticle({
    title: 'How session invalidation reaches every instance',
    tags: ['redis', 'sessions', 'architecture'],
    team: 'Platform',
    status: 'published',
    body: '## Why publish?\n\nEach instance keeps a **5 second** local copy of hot sessions. Deleting the key in Redis is not enough: the other instances would keep serving the session until their copy expires.\n\nSo `invalidate()` deletes the key *and* publishes on `session-invalidated`; every instance subscribes and drops its local copy.\n\n> Never call `redis.del` on a session key directly. Use `SessionCache.invalidate`.\n\nWhere Redis runs and how long sessions live: [[Redis connection settings]].\n',
    snippets: snippet('src/sessionCache.ts', 'async invalidate', 'session-invalidated'),
  });
  articles++;
  store.createArticle({
    title: 'Emails are normalised before lookup',
    tags: ['users', 'conventions'],
    team: 'Identity',
    status: 'published',
    body: 'User emails are trimmed and lower-cased on the way in (`addUser`) **and** on lookup (`findByEmail`). Keep both in step, or duplicate accounts appear.\n',
    snippets: snippet('src/userStore.ts', 'addUser(email', 'return user;'),
  });
  articles++;
  store.createArticle({
    title: 'Redis connection settings',
    tags: ['redis', 'configuration'],
    team: 'Platform',
    status: 'draft',
    body: 'Set `REDIS_URL` in the environment. Local development uses `redis://localhost:6379`.\n\n| Setting | Default |\n|---|---|\n| TTL | 30 minutes |\n| Local cache | 5 seconds |\n',
  });
  articles++;
  let notes = 0;
  const note = (file: string, first: string, last: string, kind: ThreadKind, body: string, reply?: string) => {
    const text = read(file);
    const range = text ? linesOf(text, first, last) : undefined;
    if (!text || !range) return;
    const thread = store.createThread({ anchor: createAnchor(text, range, { path: file }), kind, body });
    if (reply) store.addComment(thread.id, reply);
    notes++;
  };
  note('src/userStore.ts', 'for (const user of this.users.values())', 'if (user.email === normalized)', 'suggestion',
    'This scan is O(n) per insert. An index by email would make `addUser` and `findByEmail` constant time.',
    'Agreed; worth doing before the import job lands.');
  note('src/userStore.ts', 'removeUser(id: string)', 'removeUser(id: string)', 'question', 'Should removing a user also invalidate their sessions?');
  note('src/sessionCache.ts', 'const LOCAL_TTL_MS', 'const LOCAL_TTL_MS', 'nit', 'Name this after what it bounds: `LOCAL_STALENESS_MS`?');
  return { articles, notes };
}
