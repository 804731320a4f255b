import { isMap, isScalar, isSeq, parseDocument as parseYamlDocument } from 'yaml';
import { ValidationError } from '../errors';
import { ARTICLE_STATUSES, VISIBILITIES, validateOptionalName, validateReviewAfterDays, type Article, type ArticleStatus, type Visibility } from '../model';

/**
 * An article as the Markdown document users edit: YAML front matter (title, tags, team, status,
 * visibility, owner, review-after) and the body. Only these fields are read, each a single value
 * (tags a flow or block list), so a typo gets a message naming the line instead of a silently
 * wrong value.
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
  const fields = readFields(lines.slice(1, end).join('\n'));
  const status = ((fields.status ?? 'draft') || 'draft') as ArticleStatus;
  if (!ARTICLE_STATUSES.includes(status)) {
    throw new ValidationError('status', `status must be one of ${ARTICLE_STATUSES.join(', ')}; the document says "${status}".`);
  }
  // A missing or empty line never decides who sees the article: it keeps its current visibility.
  const visibility = ((fields.visibility ?? '') || undefined) as Visibility | undefined;
  if (visibility !== undefined && !VISIBILITIES.includes(visibility)) {
    throw new ValidationError('visibility', `visibility must be "team" or "private"; the document says "${visibility}".`);
  }
  const body = lines.slice(end + 1).join('\n').replace(/^\n/, '');
  const team = fields.team ?? '';
  const owner = fields.owner === undefined ? undefined : validateOptionalName('owner', fields.owner) ?? null;
  const reviewAfter = fields['review-after'] === undefined ? undefined : fields['review-after'].replace(/\s*days?$/i, '');
  const reviewAfterDays = reviewAfter === undefined ? undefined : validateReviewAfterDays(reviewAfter) ?? null;
  return {
    title: fields.title ?? '',
    tags: typeof fields.tags === 'object' ? fields.tags : parseList(fields.tags ?? ''),
    ...(team ? { team } : {}),
    status,
    ...(visibility ? { visibility } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(reviewAfterDays !== undefined ? { reviewAfterDays } : {}),
    body,
  };
}

const FIELDS = ['title', 'tags', 'team', 'status', 'visibility', 'owner', 'review-after'];
/**
 * Free text, read as written when unquoted: a title such as `Redis: the hard parts` or
 * `Fix #123 first` means what it says (earlier Lore read it so, and people write it so), where
 * plain YAML would refuse the first and cut the second at ` #`.
 */
const FREE_TEXT_FIELDS = ['title', 'team', 'owner'];
const FREE_TEXT_LINE = new RegExp(`^(${FREE_TEXT_FIELDS.join('|')})(:[ \\t]+)(?!["'])(?![|>][-+0-9]*\\s*$)(.*\\S)\\s*$`, 'i');

/** Unquoted free-text values quoted, so YAML reads them as the text written; one line stays one line. */
function quoteFreeText(yamlText: string): string {
  return yamlText.split('\n').map((line) => {
    const match = FREE_TEXT_LINE.exec(line);
    return match ? `${match[1]}${match[2]}${JSON.stringify(match[3])}` : line;
  }).join('\n');
}

type FieldValues = Partial<Record<string, string>> & { tags?: string | string[] };

/**
 * The front matter's fields, read by a YAML parser (so block lists, quoting and escapes mean what
 * they mean in every other tool) and kept to Lore's fields. Every problem names its line in the
 * document (the opening `---` is line 1).
 */
function readFields(yamlText: string): FieldValues {
  const lineOf = (offset: number) => yamlText.slice(0, offset).split('\n').length + 1;
  const doc = parseYamlDocument(quoteFreeText(yamlText), { schema: 'failsafe', uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const line = (problem.linePos?.[0].line ?? 1) + 1;
    const what = problem.message.split(' at line ')[0];
    throw new ValidationError('frontMatter', `Line ${line} of the front matter is not "name: value" (${what}). A value that holds ": " or " #", or starts with @, \` or a quote, goes in double quotes: tags: ["c#", "a: b"].`);
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) throw new ValidationError('frontMatter', 'Line 2 of the front matter is not "name: value": write one field per line, such as title: How we cache.');
  const fields: FieldValues = {};
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as { value?: unknown; range?: [number, number, number] };
    const line = lineOf(keyNode.range?.[0] ?? 0);
    const name = String(keyNode.value ?? '');
    const key = name.toLowerCase();
    if (!FIELDS.includes(key)) {
      throw new ValidationError('frontMatter', `Line ${line}: unknown field "${name}". Lore reads title, tags, team, status, visibility, owner and review-after.`);
    }
    const value = pair.value;
    if (value === null || value === undefined) {
      fields[key] = '';
    } else if (key === 'tags' && isSeq(value)) {
      fields.tags = value.items.map((item) => {
        if (!isScalar(item)) throw new ValidationError('frontMatter', `Line ${line}: each tag is a single word or phrase, not a list or a "name: value".`);
        return String(item.value ?? '').trim();
      }).filter(Boolean);
    } else if (isScalar(value)) {
      fields[key] = String(value.value ?? '').trim();
    } else {
      throw new ValidationError('frontMatter', `Line ${line}: ${key} is a single value${key === 'tags' ? ' or a list' : ''}, not a "name: value" block.`);
    }
  }
  return fields;
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

/** The value as written, unless YAML would read it back differently (or not at all): then quoted. */
function quoteIfNeeded(value: string): string {
  if (/^[\p{L}\p{N}_(][^:#\n]*$/u.test(value) && value.trimEnd() === value) return value;
  const plain = parseYamlDocument(`v: ${value}`, { schema: 'failsafe' });
  const readBack: unknown = !plain.errors.length && isMap(plain.contents) ? plain.contents.items[0]?.value : undefined;
  return isScalar(readBack) && readBack.value === value && readBack.comment === undefined ? value : JSON.stringify(value);
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
