import { indexArticle } from '../search/articleIndexer';
import { parseHlc } from '../hlc';
import type { Database } from './database';
import type { EntityKind } from './events';
import type { ResolvedRecord } from './fieldResolution';

/**
 * Writes a record's resolved state into the table the views and queries read. Only columns
 * that come from events are written; local-only columns (anchor state) are left as they are.
 * A record whose creating event has not arrived yet (out-of-order delivery) is not written.
 */
export function project(db: Database, entity: EntityKind, id: string, record: ResolvedRecord): void {
  const v = record.values;
  const updatedAt = record.lastHlc ? new Date(parseHlc(record.lastHlc).ms).toISOString() : new Date(0).toISOString();
  const deleted = v.deleted === true ? 1 : 0;
  switch (entity) {
    case 'article': {
      if (typeof v.title !== 'string' || typeof v.createdAt !== 'string') return;
      const tags = Array.isArray(v.tags) ? (v.tags as string[]) : [];
      const body = typeof v.body === 'string' ? v.body : '';
      db.run(
        `INSERT INTO articles (id, title, body, tags, team, author, status, visibility, created_at, updated_at, conflicts, deleted)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, body = excluded.body, tags = excluded.tags,
           team = excluded.team, author = excluded.author, status = excluded.status, visibility = excluded.visibility,
           created_at = excluded.created_at, updated_at = excluded.updated_at, conflicts = excluded.conflicts,
           deleted = excluded.deleted`,
        id, v.title, body, JSON.stringify(tags), str(v.team), str(v.author) ?? 'unknown', str(v.status) ?? 'draft',
        str(v.visibility) ?? 'team', v.createdAt, updatedAt,
        record.conflicts.length ? JSON.stringify(record.conflicts) : null, deleted,
      );
      db.run('DELETE FROM article_tags WHERE article_id = ?', id);
      if (!deleted) for (const tag of tags) db.run('INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)', id, tag);
      const row = db.get<{ rowid: number }>('SELECT rowid FROM articles WHERE id = ?', id)!;
      indexArticle(db, row.rowid, deleted ? null : { title: v.title, tags, body });
      return;
    }
    case 'snippet': {
      if (typeof v.articleId !== 'string' || !v.anchor || typeof v.anchor !== 'object') return;
      const anchor = v.anchor as { path?: string };
      db.run(
        `INSERT INTO snippets (id, article_id, position, code, language, path, anchor, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET article_id = excluded.article_id, position = excluded.position, code = excluded.code,
           language = excluded.language, path = excluded.path, deleted = excluded.deleted,
           local_anchor = CASE WHEN anchor = excluded.anchor THEN local_anchor END, anchor = excluded.anchor`,
        id, v.articleId, num(v.position), str(v.code) ?? '', str(v.language) ?? 'plaintext', anchor.path ?? '',
        JSON.stringify(v.anchor), deleted,
      );
      return;
    }
    case 'thread': {
      if (!v.anchor || typeof v.anchor !== 'object' || typeof v.createdAt !== 'string') return;
      const anchor = v.anchor as { path?: string };
      db.run(
        `INSERT INTO review_threads (id, kind, state, path, anchor, author, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, state = excluded.state, path = excluded.path,
           local_anchor = CASE WHEN anchor = excluded.anchor THEN local_anchor END, anchor = excluded.anchor,
           author = excluded.author, created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted`,
        id, str(v.kind) ?? 'suggestion', str(v.state) ?? 'open', anchor.path ?? '', JSON.stringify(v.anchor),
        str(v.author) ?? 'unknown', v.createdAt, updatedAt, deleted,
      );
      return;
    }
    case 'comment': {
      if (typeof v.threadId !== 'string' || typeof v.createdAt !== 'string') return;
      db.run(
        `INSERT INTO review_comments (id, thread_id, author, body, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET thread_id = excluded.thread_id, author = excluded.author, body = excluded.body,
           created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted`,
        id, v.threadId, str(v.author) ?? 'unknown', str(v.body) ?? '', v.createdAt, updatedAt, deleted,
      );
      return;
    }
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
