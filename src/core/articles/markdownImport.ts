import { parse as parseYaml } from 'yaml';
import { describeError, ValidationError } from '../errors';
import { ARTICLE_STATUSES, VISIBILITIES, type ArticleStatus, type Visibility } from '../model';
import { SNIPPETS_MARKER } from './markdownExport';

/**
 * A Markdown file from a folder (Lore's own export, Foam, Obsidian, a docs folder) read as an
 * article: front matter in YAML (title, tags, team, status, visibility, lore-id; other fields are
 * ignored), the title from the front matter, else the first `# heading`, else the file name.
 * What Lore's export wrote below its snippets marker is left out.
 */
export interface ImportedMarkdown {
  title: string;
  body: string;
  tags: string[];
  team?: string;
  status?: ArticleStatus;
  visibility?: Visibility;
  /** The article this file was exported from (`lore-id:`), if it says. */
  loreId?: string;
  /** Relative image paths the body shows, as written (resolved by the caller). */
  images: string[];
}

/** Reads one file; throws ValidationError (naming the problem) when its front matter does not parse. */
export function parseMarkdownFile(fileName: string, text: string): ImportedMarkdown {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let fields: Record<string, unknown> = {};
  let body = normalized;
  if (/^---\s*\n/.test(normalized)) {
    const end = normalized.indexOf('\n---', 3);
    if (end < 0) throw new ValidationError('frontMatter', 'its front matter is not closed (no second "---" line)');
    const yaml = normalized.slice(normalized.indexOf('\n') + 1, end + 1);
    try {
      const parsed: unknown = parseYaml(yaml);
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new Error('it is not a list of "name: value" fields');
      fields = (parsed ?? {}) as Record<string, unknown>;
    } catch (error) {
      throw new ValidationError('frontMatter', `its front matter is not valid YAML: ${firstLine(error)}`);
    }
    body = normalized.slice(normalized.indexOf('\n', end + 1) + 1 || normalized.length).replace(/^\n/, '');
  }
  const marker = body.indexOf(SNIPPETS_MARKER);
  if (marker >= 0) body = body.slice(0, marker).replace(/\n+$/, '\n');
  const title = text_(fields.title) ?? /^#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1] ?? fileName.replace(/\.(md|markdown)$/i, '');
  const status = text_(fields.status);
  const visibility = text_(fields.visibility);
  return {
    title: title.trim(),
    body,
    tags: list(fields.tags),
    ...(text_(fields.team) ? { team: text_(fields.team) } : {}),
    ...(status && (ARTICLE_STATUSES as readonly string[]).includes(status) ? { status: status as ArticleStatus } : {}),
    ...(visibility && (VISIBILITIES as readonly string[]).includes(visibility) ? { visibility: visibility as Visibility } : {}),
    ...(text_(fields['lore-id']) ? { loreId: text_(fields['lore-id']) } : {}),
    images: relativeImages(body),
  };
}

/** The body with each relative image path replaced (`replace` gives the new target, or undefined to keep it). */
export function replaceImages(body: string, replace: (relativePath: string) => string | undefined): string {
  return body.replace(IMAGE, (whole, alt: string, target: string, rest: string) => {
    const replaced = isRelative(target) ? replace(decodeTarget(target)) : undefined;
    return replaced ? `![${alt}](${replaced}${rest})` : whole;
  });
}

/** `![alt](target "title")`: the target, and what follows it inside the parentheses. */
const IMAGE = /!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?((?:\s+"[^"\n]*")?\s*)\)/g;

function relativeImages(body: string): string[] {
  const found: string[] = [];
  for (const match of body.matchAll(IMAGE)) if (isRelative(match[2])) found.push(decodeTarget(match[2]));
  return found;
}

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('/') && !target.startsWith('#');
}

function decodeTarget(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

function text_(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Tags as a YAML list, or one text of comma- or space-separated tags (`#` prefixes dropped). */
function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\s]+/) : [];
  return items.filter((t): t is string | number => typeof t === 'string' || typeof t === 'number').map((t) => String(t).replace(/^#/, '').trim()).filter(Boolean);
}

function firstLine(error: unknown): string {
  return describeError(error).split('\n')[0];
}
