import { noteIdFromLink } from '../articles/articleLinks';
import { THANKS_FIELD } from '../articles/articleFeedback';
import type { KnowledgeArticle, NoteThanks, TeamKnowledgeInput, UsageCount } from '../recognition/teamKnowledge';
import type { Database } from './database';
import type { LoreEvent } from './events';
import { USAGE_FIELD, type UsageValue } from './usageLog';

type RegisteredAuthor = ((device: string) => string | undefined) | undefined;

interface ArticleRow {
  id: string; title: string; body: string; team: string | null; author: string; created_at: string; updated_at: string;
  verified_at: string | null; verified_by: string | null; votes: string | null; thanked_by: string | null; title_key: string;
}

/** The first line of an article promoted from a review note links to the note (promoteThread.ts). */
const PROMOTED_FROM = /^_From a \[review note\]\(([^)\s]+)\)/;

function parseList<T>(json: string | null): T[] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/**
 * What the Team Knowledge dashboard counts (recognition/teamKnowledge.ts), read from the store:
 * the live articles shared with the team, with their votes, thanks, links (article_links) and the
 * note each was promoted from; every device's shared usage counts (from the usage events, so
 * days older than the latest count's 28 are kept); and the Thanks on review notes. Readers are
 * the names their devices registered (`registeredAuthor`), else the name the event gives.
 */
export function teamKnowledgeInput(db: Database, now: string, registeredAuthor: RegisteredAuthor): TeamKnowledgeInput {
  const nameOf = (event: Pick<LoreEvent, 'device' | 'author'>) => registeredAuthor?.(event.device) ?? event.author;
  const rows = db.all<ArticleRow>(
    `SELECT id, title, body, team, author, created_at, updated_at, verified_at, verified_by, votes, thanked_by, title_key
       FROM articles WHERE deleted = 0 AND visibility = 'team' ORDER BY id`,
  );
  const ids = new Set(rows.map((r) => r.id));
  // Of two articles with one title, links name the one changed last (as linkQueries does).
  const byTitle = new Map<string, { id: string; updated: string }>();
  for (const r of rows) {
    const seen = byTitle.get(r.title_key);
    if (!seen || seen.updated < r.updated_at) byTitle.set(r.title_key, { id: r.id, updated: r.updated_at });
  }
  const links = new Map<string, Set<string>>();
  for (const l of db.all<{ source_id: string; kind: string; target: string }>('SELECT source_id, kind, target FROM article_links')) {
    if (!ids.has(l.source_id)) continue;
    const target = l.kind === 'id' ? l.target : byTitle.get(l.target)?.id;
    if (!target || !ids.has(target)) continue;
    const set = links.get(l.source_id) ?? new Set<string>();
    set.add(target);
    links.set(l.source_id, set);
  }
  const noteAuthor = (noteId: string) => db.get<{ author: string }>('SELECT author FROM review_threads WHERE id = ?', noteId)?.author;
  const articles: KnowledgeArticle[] = rows.map((r) => {
    const link = PROMOTED_FROM.exec(r.body)?.[1];
    const noteId = link ? noteIdFromLink(link) : undefined;
    return {
      id: r.id, title: r.title, team: r.team, author: r.author, createdAt: r.created_at, updatedAt: r.updated_at,
      ...(r.verified_at && r.verified_by ? { verified: { by: r.verified_by, at: r.verified_at } } : {}),
      votes: parseList<{ by: string; helpful: boolean; at: string }>(r.votes),
      thankedBy: parseList<string>(r.thanked_by),
      linksTo: [...(links.get(r.id) ?? [])].sort(),
      // The note's author (when the note is not here, e.g. deleted: the article's, who promoted it).
      ...(noteId ? { promotedFrom: noteAuthor(noteId) ?? r.author } : {}),
    };
  });

  // Usage: per article, device and day, the largest count shared (a day's count only grows).
  const opens = new Map<string, UsageCount>();
  for (const row of db.all<{ json: string }>(
    `SELECT json FROM events WHERE entity = 'article' AND json LIKE '%"usage\\_%' ESCAPE '\\'`,
  )) {
    const event = JSON.parse(row.json) as LoreEvent;
    if (!ids.has(event.entityId)) continue;
    for (const [field, value] of Object.entries(event.changes)) {
      if (!USAGE_FIELD.test(field)) continue;
      const days = (value as UsageValue | null)?.days;
      if (!days || typeof days !== 'object') continue;
      for (const [day, counts] of Object.entries(days)) {
        const n = Array.isArray(counts) && Number.isSafeInteger(counts[0]) ? counts[0] : 0;
        const key = `${event.entityId}\u0000${event.device}\u0000${day}`;
        const seen = opens.get(key);
        if (!seen || seen.opens < n) opens.set(key, { articleId: event.entityId, reader: nameOf(event), day, opens: n });
      }
    }
  }

  return { now, articles, usage: [...opens.values()], noteThanks: noteThanksOf(db, registeredAuthor) };
}

/** The Thanks on live review notes: one per person and note (the field is the person's). */
export function noteThanksOf(db: Database, registeredAuthor: RegisteredAuthor, threadId?: string): NoteThanks[] {
  const rows = db.all<{ author: string; json: string; field: string }>(
    `SELECT t.author, e.json, h.field FROM heads h
       JOIN review_threads t ON t.id = h.entity_id AND t.deleted = 0
       JOIN events e ON e.id = h.event_id
      WHERE h.entity = 'thread' AND h.field LIKE 'thanks\\_%' ESCAPE '\\' ${threadId ? 'AND h.entity_id = ?' : ''}
      ORDER BY h.entity_id, h.field, e.hlc`,
    ...(threadId ? [threadId] : []),
  );
  const seen = new Set<string>();
  const thanks: NoteThanks[] = [];
  for (const row of rows) {
    if (!THANKS_FIELD.test(row.field)) continue;
    const event = JSON.parse(row.json) as LoreEvent;
    const by = registeredAuthor?.(event.device) ?? event.author;
    const at = (event.changes[row.field] as { at?: unknown } | null)?.at;
    const key = `${event.entityId}\u0000${by.trim().toLowerCase()}`;
    if (seen.has(key) || typeof at !== 'string') continue;
    seen.add(key);
    thanks.push({ noteAuthor: row.author, by, at });
  }
  return thanks;
}
