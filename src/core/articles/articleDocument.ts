import { ValidationError } from '../errors';
import { ARTICLE_STATUSES, VISIBILITIES, validateOptionalName, validateReviewAfterDays, type Article, type ArticleStatus, type Visibility } from '../model';

/**
 * An article as the Markdown document users edit: YAML-style front matter (title, tags, team,
 * status, visibility, owner, review-after) and the body. Only this small, predictable subset of YAML is read, so a
 * typo gets a message naming the line instead of a silently wrong value.
 */
export interface ArticleDocumentFields {
  title: string;
  tags: string[];
  team?: string;
  status: ArticleStatus;
  /** Absent when the document has no `visibility:` line: the article keeps its current visibility. */
  visibility?: Visibility;
  /** Who keeps the article true. Absent: no `owner:` line (kept as it is); null: an empty line (none). */
  owner?: string | null;
  /** Days between reviews. Absent: no `review-after:` line (kept); null: empty (the setting decides). */
  reviewAfterDays?: number | null;
  body: string;
}

const FENCE = '---';

/** `note`: a comment line shown at the top of the front matter (ignored when the document is read). */
export function formatArticleDocument(
  article: Pick<Article, 'title' | 'tags' | 'team' | 'status' | 'visibility' | 'body'> & Partial<Pick<Article, 'owner' | 'reviewAfterDays'>>,
  note?: string,
): string {
  const lines = [
    FENCE,
    ...(note ? [note] : []),
    `title: ${quoteIfNeeded(article.title)}`,
    `tags: [${article.tags.join(', ')}]`,
    `team: ${article.team ? quoteIfNeeded(article.team) : ''}`.trimEnd(),
    `status: ${article.status}`,
    `visibility: ${article.visibility}`,
    `owner: ${article.owner ? quoteIfNeeded(article.owner) : ''}`.trimEnd(),
    `review-after: ${article.reviewAfterDays ?? ''}`.trimEnd(),
    FENCE,
    '',
  ];
  return lines.join('\n') + article.body;
}

export function parseArticleDocument(text: string): ArticleDocumentFields {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const lines = normalized.split('\n');
  if (lines[0].trim() !== FENCE) {
    throw new ValidationError('frontMatter', 'The article must start with a front matter block: a line "---", then "title: …", "tags: […]", and another "---".');
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === FENCE);
  if (end < 0) throw new ValidationError('frontMatter', 'The front matter block is not closed: add a line "---" after the last field.');
  const fields: Record<string, string> = {};
  for (let i = 1; i < end; i++) {
    const line = lines[i];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const match = /^([A-Za-z][A-Za-z-]*)\s*:\s?(.*)$/.exec(line);
    if (!match) throw new ValidationError('frontMatter', `Line ${i + 1} of the front matter is not "name: value": ${JSON.stringify(line.slice(0, 60))}.`);
    const key = match[1].toLowerCase();
    if (!['title', 'tags', 'team', 'status', 'visibility', 'owner', 'review-after'].includes(key)) {
      throw new ValidationError('frontMatter', `Line ${i + 1}: unknown field "${match[1]}". Lore reads title, tags, team, status, visibility, owner and review-after.`);
    }
    fields[key] = match[2].trim();
  }
  const status = (unquote(fields.status ?? 'draft') || 'draft') as ArticleStatus;
  if (!ARTICLE_STATUSES.includes(status)) {
    throw new ValidationError('status', `status must be one of ${ARTICLE_STATUSES.join(', ')}; the document says "${status}".`);
  }
  // A missing or empty line never decides who sees the article: it keeps its current visibility.
  const visibility = (unquote(fields.visibility ?? '') || undefined) as Visibility | undefined;
  if (visibility !== undefined && !VISIBILITIES.includes(visibility)) {
    throw new ValidationError('visibility', `visibility must be "team" or "private"; the document says "${visibility}".`);
  }
  const body = lines.slice(end + 1).join('\n').replace(/^\n/, '');
  const team = unquote(fields.team ?? '');
  const owner = fields.owner === undefined ? undefined : validateOptionalName('owner', unquote(fields.owner)) ?? null;
  const reviewAfter = fields['review-after'] === undefined ? undefined : unquote(fields['review-after']).replace(/\s*days?$/i, '');
  const reviewAfterDays = reviewAfter === undefined ? undefined : validateReviewAfterDays(reviewAfter) ?? null;
  return {
    title: unquote(fields.title ?? ''),
    tags: parseList(fields.tags ?? ''),
    ...(team ? { team } : {}),
    status,
    ...(visibility ? { visibility } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(reviewAfterDays !== undefined ? { reviewAfterDays } : {}),
    body,
  };
}

function parseList(value: string): string[] {
  const inner = value.startsWith('[') ? value.replace(/^\[/, '').replace(/\]$/, '') : value;
  return inner.split(',').map((t) => unquote(t.trim())).filter(Boolean);
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    if (v.startsWith('"')) {
      try {
        return JSON.parse(v) as string;
      } catch {
        return v.slice(1, -1);
      }
    }
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v;
}

function quoteIfNeeded(value: string): string {
  return /^[\s"'[{]|[:#]|\s$/.test(value) ? JSON.stringify(value) : value;
}

/** A file-name-safe slug of a title, for `lore:` document names. */
export function slugify(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'article';
}

/**
 * The line (0-based) where the body of an article document starts, just after the front
 * matter: where the author of a new article writes. 0 when the front matter is not closed.
 */
export function articleBodyLine(text: string): number {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.trim() !== FENCE) return 0;
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === FENCE);
  return end < 0 ? 0 : end + 1;
}
