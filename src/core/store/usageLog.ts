import { sha256Hex } from '../hash';
import { examination, SHOWN_POSITIONS } from '../search/ranking';
import type { StoreWriter } from './storeWriter';

/** Where an article was opened from. */
export const OPEN_SOURCES = ['search', 'tree', 'forFile', 'link', 'other'] as const;
export type OpenSource = (typeof OPEN_SOURCES)[number];

/** Days of counts a shared usage field carries. */
export const SHARED_DAYS = 28;

/** What a shared usage field holds: per day (YYYY-MM-DD), [opens, came straight back]. */
export interface UsageValue {
  days: Record<string, [number, number]>;
}

/** Marks a usage field's name: one per device (a hash of its id), so devices never overwrite each other. */
export function usageField(deviceId: string): string {
  return `usage_${sha256Hex(`usage:${deviceId}`).slice(0, 16)}`;
}
export const USAGE_FIELD = /^usage_[0-9a-f]{16}$/;

/**
 * What this machine learns from use (issue 13), kept in two local tables that never sync:
 *   - article_usage: opens per article, day and place opened from, and how many came straight back;
 *   - search_clicks: per query word and article, the clicks an average result would have had
 *     where it was shown (position bias: ranking.examination), the clicks, and the bounces.
 * Search ranking reads search_clicks (ranking.ts). `shareUsage` publishes, per article, only
 * the per-day totals of opens and bounces: never queries, places, times of day or order.
 */
export class UsageLog {
  /** The last article opened from a search, to count a bounce against that search's words. */
  private lastOpen: { articleId: string; words: readonly string[]; source: OpenSource; day: string } | undefined;

  constructor(private readonly store: StoreWriter) {}

  /** A search showed these articles in this order (only the first SHOWN_POSITIONS count). */
  recordSearch(words: readonly string[], shownIds: readonly string[]): void {
    if (!words.length || !shownIds.length) return;
    const db = this.store.db;
    db.transaction(() => {
      shownIds.slice(0, SHOWN_POSITIONS).forEach((id, position) => {
        for (const word of words) {
          db.run(`INSERT INTO search_clicks (word, article_id, expected) VALUES (?, ?, ?)
                  ON CONFLICT (word, article_id) DO UPDATE SET expected = expected + excluded.expected`, word, id, examination(position));
        }
      });
    });
  }

  /** The reader opened an article (from a search: with the search's words). */
  recordOpen(articleId: string, source: OpenSource, words: readonly string[] = []): void {
    const day = this.store.now().slice(0, 10);
    const db = this.store.db;
    db.transaction(() => {
      db.run(`INSERT INTO article_usage (article_id, day, source, opens) VALUES (?, ?, ?, 1)
              ON CONFLICT (article_id, day, source) DO UPDATE SET opens = opens + 1`, articleId, day, source);
      if (source === 'search') {
        for (const word of words) {
          db.run(`INSERT INTO search_clicks (word, article_id, clicks) VALUES (?, ?, 1)
                  ON CONFLICT (word, article_id) DO UPDATE SET clicks = clicks + 1`, word, articleId);
        }
      }
    });
    this.lastOpen = { articleId, words: source === 'search' ? words : [], source, day };
  }

  /** The reader came straight back from the article they last opened (closed it at once, searched again). */
  recordBounce(articleId: string): void {
    const last = this.lastOpen;
    if (!last || last.articleId !== articleId) return;
    this.lastOpen = undefined;
    const db = this.store.db;
    db.transaction(() => {
      db.run('UPDATE article_usage SET bounces = bounces + 1 WHERE article_id = ? AND day = ? AND source = ?', articleId, last.day, last.source);
      for (const word of last.words) db.run('UPDATE search_clicks SET bounces = bounces + 1 WHERE word = ? AND article_id = ?', word, articleId);
    });
  }

  /**
   * Publishes this device's usage counts not yet shared: per article, the opens and bounces of
   * each of the last SHARED_DAYS days (one field per device: usageField). Returns how many
   * articles it wrote for. Private articles' counts stay here (privacy.ts). Call at most daily.
   */
  shareUsage(deviceId: string): number {
    const db = this.store.db;
    const since = new Date(Date.parse(this.store.now()) - SHARED_DAYS * 86_400_000).toISOString().slice(0, 10);
    const pending = db.all<{ article_id: string }>(
      `SELECT DISTINCT u.article_id FROM article_usage u JOIN articles a ON a.id = u.article_id AND a.deleted = 0
       WHERE u.opens > u.shared AND u.day >= ?`, since).map((r) => r.article_id);
    if (!pending.length) return 0;
    const field = usageField(deviceId);
    this.store.write(() => {
      for (const id of pending) {
        const days: UsageValue['days'] = {};
        for (const row of db.all<{ day: string; opens: number; bounces: number }>(
          'SELECT day, SUM(opens) AS opens, SUM(bounces) AS bounces FROM article_usage WHERE article_id = ? AND day >= ? GROUP BY day ORDER BY day', id, since)) {
          days[row.day] = [row.opens, row.bounces];
        }
        this.store.emit('article', id, { [field]: { days } satisfies UsageValue });
        db.run('UPDATE article_usage SET shared = opens WHERE article_id = ?', id);
      }
    });
    return pending.length;
  }

  /** Forgets everything recorded on this machine (the counts already shared stay shared). */
  clear(): void {
    this.store.db.transaction(() => {
      this.store.db.run('DELETE FROM article_usage');
      this.store.db.run('DELETE FROM search_clicks');
    });
    this.lastOpen = undefined;
  }
}
