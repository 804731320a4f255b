import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, LoreError, ValidationError } from '../errors';
import { MAX_IMAGE_BYTES, validateTags, validateTitle, type Article } from '../model';
import type { LoreStore } from '../store/loreStore';
import { articleToMarkdown, exportedImageName, exportFileNames, IMAGES_FOLDER } from './markdownExport';
import { parseMarkdownFile, replaceImages, type ImportedMarkdown } from './markdownImport';
import { linkKey } from './wikiLinks';

/**
 * A knowledge base to and from a folder of Markdown files (`lore export`/`lore import`, and
 * Import Markdown Folder / Export Articles as Markdown in VS Code). Private articles never leave.
 */

export interface ExportReport {
  folder: string;
  articles: number;
  images: number;
}

/** Writes every non-private article as `<title>.md`, and the images they show under images/. */
export function exportToFolder(store: LoreStore, folder: string): ExportReport {
  const articles = store.listArticles().filter((a) => a.visibility !== 'private')
    .map((summary) => store.getArticle(summary.id)).filter((a): a is Article => a !== undefined)
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  fs.mkdirSync(folder, { recursive: true });
  const names = exportFileNames(articles);
  const images = new Map<string, string>();
  const imageFile = (hash: string) => {
    if (images.has(hash)) return images.get(hash);
    const image = store.getImage(hash);
    if (!image) return undefined;
    const name = exportedImageName(hash, image.mime);
    fs.mkdirSync(path.join(folder, IMAGES_FOLDER), { recursive: true });
    fs.writeFileSync(path.join(folder, IMAGES_FOLDER, name), image.data);
    images.set(hash, name);
    return name;
  };
  for (const article of articles) fs.writeFileSync(path.join(folder, names.get(article.id)!), articleToMarkdown(article, imageFile));
  return { folder, articles: articles.length, images: images.size };
}

/** What an import did, and each file it did not take, with why. */
export interface ImportReport {
  created: string[];
  updated: string[];
  /** Already in Lore with other content, left as they are (import again with `update`). */
  notUpdated: string[];
  /** Already in Lore exactly as in the folder. */
  unchanged: number;
  skipped: Array<{ file: string; reason: string }>;
}

export interface ImportOptions {
  /** Update articles already in Lore (same lore-id, else same title) whose content differs. */
  update?: boolean;
  /** Told each file as it is read (progress). */
  onFile?: (file: string, index: number, total: number) => void;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
};

/** Articles for the Markdown files of a folder (and its sub-folders; hidden ones left out). */
export function importFromFolder(store: LoreStore, folder: string, options: ImportOptions = {}): ImportReport {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new LoreError(`There is no folder at ${folder}.`, 'Give the path of a folder of Markdown files.');
  }
  const report: ImportReport = { created: [], updated: [], notUpdated: [], unchanged: 0, skipped: [] };
  const files = listFiles(folder);
  const markdown = files.filter((f) => /\.(md|markdown)$/i.test(f));
  const referencedImages = new Set<string>();
  const seenTitles = new Map<string, string>();
  markdown.forEach((file, index) => {
    options.onFile?.(file, index, markdown.length);
    let parsed: ImportedMarkdown;
    try {
      parsed = parseMarkdownFile(path.basename(file), fs.readFileSync(path.join(folder, file), 'utf8'));
    } catch (error) {
      report.skipped.push({ file, reason: describeError(error) });
      return;
    }
    const key = linkKey(parsed.title);
    const earlier = seenTitles.get(key);
    if (earlier) {
      report.skipped.push({ file, reason: `it has the same title as ${earlier} ("${parsed.title}"), which was imported` });
      return;
    }
    seenTitles.set(key, file);
    try {
      const body = replaceImages(parsed.body, (relative) => {
        const resolved = path.resolve(folder, path.dirname(file), relative);
        // Only images inside the folder being imported are read.
        if (!resolved.startsWith(path.resolve(folder) + path.sep) || !fs.existsSync(resolved)) return undefined;
        const mime = MIME_BY_EXTENSION[path.extname(resolved).toLowerCase()];
        if (!mime) return undefined;
        referencedImages.add(path.relative(folder, resolved).split(path.sep).join('/'));
        // Checked before reading: a huge file is never read into memory.
        if (fs.statSync(resolved).size > MAX_IMAGE_BYTES) throw new ValidationError('image', `${path.relative(folder, resolved)} is larger than 10 MB, the largest image Lore stores.`);
        return `lore-image:${store.putImage(fs.readFileSync(resolved), mime)}`;
      });
      importOne(store, { ...parsed, body }, options, report);
    } catch (error) {
      report.skipped.push({ file, reason: describeError(error) });
    }
  });
  for (const file of files) {
    if (!/\.(md|markdown)$/i.test(file) && !referencedImages.has(file)) report.skipped.push({ file, reason: 'it is not a Markdown file' });
  }
  return report;
}

function importOne(store: LoreStore, file: ImportedMarkdown, options: ImportOptions, report: ImportReport): void {
  const existing = (file.loreId ? store.getArticle(file.loreId) : undefined)
    ?? idOf(store.articleIdsByTitle([file.title]).get(linkKey(file.title)), store);
  if (!existing) {
    store.createArticle({
      title: file.title, body: file.body, tags: file.tags, ...(file.team ? { team: file.team } : {}),
      status: file.status ?? 'draft', visibility: file.visibility ?? 'team',
    });
    report.created.push(file.title);
    return;
  }
  const same = existing.title === validateTitle(file.title) && withoutFinalBreak(existing.body) === withoutFinalBreak(file.body) && existing.tags.join('\n') === validateTags(file.tags).join('\n');
  if (same) {
    report.unchanged++;
    return;
  }
  if (!options.update) {
    report.notUpdated.push(existing.title);
    return;
  }
  store.updateArticle(existing.id, { title: file.title, body: file.body, tags: file.tags, ...(file.status ? { status: file.status } : {}) });
  report.updated.push(file.title);
}

/** A file always ends with a line break; an article's body may not. */
function withoutFinalBreak(text: string): string {
  return text.replace(/\n$/, '');
}

function idOf(id: string | undefined, store: LoreStore): Article | undefined {
  return id ? store.getArticle(id) : undefined;
}

/** Relative paths (with `/`) of the files under a folder, sorted; hidden files and folders left out. */
function listFiles(folder: string, under = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(folder, under), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const relative = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...listFiles(folder, relative));
    else if (entry.isFile()) found.push(relative);
  }
  return found.sort();
}
