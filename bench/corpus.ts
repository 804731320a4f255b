/**
 * Benchmark corpora made of real technical documentation found on this machine: the Markdown
 * of installed npm packages first (always there: the project's own node_modules), then, when
 * present, other documentation trees (CMake's reStructuredText manual, AWS CLI examples,
 * Debian docs). Files are split at headings into articles of 0.5–3 KB with the heading as
 * title and tags from the package and heading words. The pool is shuffled with a fixed seed,
 * so every run and every size draws the same articles; a size larger than the pool repeats
 * articles, and says so.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CorpusArticle {
  title: string;
  tags: string[];
  body: string;
}

export interface CorpusSource {
  label: string;
  root: string;
  extensions: string[];
}

export interface Corpus {
  articles: CorpusArticle[];
  /** Distinct articles in the pool the corpus was drawn from. */
  poolSize: number;
  /** How many times the most repeated article appears (1: no repetition). */
  repeats: number;
  sources: Array<{ label: string; root: string; files: number; articles: number }>;
}

const MIN_ARTICLE = 500;
const MAX_ARTICLE = 3000;

export function defaultSources(repoRoot: string): CorpusSource[] {
  const home = os.homedir();
  const sources: CorpusSource[] = [
    { label: 'npm', root: path.join(repoRoot, 'node_modules'), extensions: ['.md', '.markdown'] },
    { label: 'npm', root: path.join(repoRoot, '.vscode-test'), extensions: ['.md', '.markdown'] },
    { label: 'npm', root: '/usr/lib/node_modules', extensions: ['.md', '.markdown'] },
    { label: 'doc', root: '/usr/share/doc', extensions: ['.md', '.markdown', '.rst'] },
  ];
  for (const dir of safeReaddir('/usr/share')) {
    if (dir.startsWith('cmake-')) sources.push({ label: 'cmake', root: path.join('/usr/share', dir, 'Help'), extensions: ['.rst'] });
  }
  for (const version of safeReaddir(path.join(home, '.pyenv', 'versions'))) {
    const libDir = path.join(home, '.pyenv', 'versions', version, 'lib');
    for (const py of safeReaddir(libDir)) {
      const awscli = path.join(libDir, py, 'site-packages', 'awscli', 'examples');
      if (fs.existsSync(awscli)) sources.push({ label: 'awscli', root: awscli, extensions: ['.rst'] });
    }
  }
  return sources;
}

/** Every distinct article the sources yield, in a fixed shuffled order. */
export function collectPool(sources: CorpusSource[]): { pool: CorpusArticle[]; sources: Corpus['sources'] } {
  const seenFiles = new Set<string>();
  const seenBodies = new Set<string>();
  const pool: CorpusArticle[] = [];
  const stats: Corpus['sources'] = [];
  const seenRoots = new Set<string>();
  for (const source of sources) {
    if (!fs.existsSync(source.root) || seenRoots.has(source.root)) continue;
    seenRoots.add(source.root);
    let files = 0;
    let articles = 0;
    for (const file of walk(source.root, source.extensions)) {
      let text: string;
      try {
        const stat = fs.statSync(file);
        if (stat.size < 200 || stat.size > 2_000_000) continue;
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const digest = createHash('sha1').update(text).digest('hex');
      if (seenFiles.has(digest)) continue;
      seenFiles.add(digest);
      files++;
      const pkg = packageTag(source, file);
      const sections = file.endsWith('.rst') ? splitRst(text) : splitMarkdown(text);
      for (const article of toArticles(sections, pkg)) {
        const key = createHash('sha1').update(article.body).digest('hex');
        if (seenBodies.has(key)) continue;
        seenBodies.add(key);
        pool.push(article);
        articles++;
      }
    }
    stats.push({ label: source.label, root: source.root, files, articles });
  }
  return { pool: shuffle(pool, 0x10e5eed), sources: stats };
}

/** The first `size` articles of the pool, repeating the pool when it is smaller. */
export function corpusOfSize(pool: CorpusArticle[], size: number, sources: Corpus['sources']): Corpus {
  const articles: CorpusArticle[] = [];
  for (let i = 0; i < size; i++) {
    const base = pool[i % pool.length];
    const copy = Math.floor(i / pool.length);
    articles.push(copy === 0 ? base : { ...base, title: `${base.title} (copy ${copy + 1})` });
  }
  return { articles, poolSize: pool.length, repeats: Math.ceil(size / pool.length), sources };
}

interface Section {
  heading: string;
  text: string;
}

function splitMarkdown(text: string): Section[] {
  const sections: Section[] = [];
  let heading = '';
  let lines: string[] = [];
  let fence: string | null = null;
  const flush = (): void => {
    const body = lines.join('\n').trim();
    if (body) sections.push({ heading, text: body });
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const fenceMatch = /^\s*(```|~~~)/.exec(line);
    if (fenceMatch) fence = fence === null ? fenceMatch[1] : fence === fenceMatch[1] ? null : fence;
    const h = fence === null ? /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line) : null;
    if (h) {
      flush();
      heading = cleanHeading(h[2]);
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

function splitRst(text: string): Section[] {
  const sections: Section[] = [];
  const all = text.split(/\r?\n/);
  let heading = '';
  let lines: string[] = [];
  const flush = (): void => {
    const body = lines.join('\n').trim();
    if (body) sections.push({ heading, text: body });
    lines = [];
  };
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    const next = all[i + 1] ?? '';
    if (line.trim() && /^([=\-~^"'*+#`])\1{2,}\s*$/.test(next) && next.trim().length >= line.trim().length - 2 && !/^[=\-~^"'*+#`]{3,}$/.test(line.trim())) {
      flush();
      heading = cleanHeading(line);
      i++;
    } else if (/^([=\-~^"'*+#`])\1{2,}\s*$/.test(line)) {
      continue;
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

function cleanHeading(raw: string): string {
  return raw.replace(/<[^>]+>/g, '').replace(/[`*[\]]/g, '').replace(/\(#[^)]*\)/g, '').replace(/\s+/g, ' ').trim().slice(0, 150);
}

function toArticles(sections: Section[], pkg: string): CorpusArticle[] {
  const out: CorpusArticle[] = [];
  let pending: Section | null = null;
  const emit = (section: Section): void => {
    const parts = splitLong(section.text);
    parts.forEach((body, i) => {
      if (body.length < MIN_ARTICLE / 2) return;
      const heading = section.heading || firstLine(body) || pkg;
      const title = parts.length > 1 ? `${heading} (part ${i + 1})` : heading;
      out.push({ title: title || pkg, tags: tagsFor(pkg, heading), body });
    });
  };
  for (const section of sections) {
    if (pending) {
      pending = { heading: pending.heading || section.heading, text: `${pending.text}\n\n${section.heading ? `${section.heading}\n\n` : ''}${section.text}` };
    } else {
      pending = section;
    }
    if (pending.text.length >= MIN_ARTICLE) {
      emit(pending);
      pending = null;
    }
  }
  if (pending && pending.text.length >= MIN_ARTICLE / 2) emit(pending);
  return out;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => /\p{L}{3}/u.test(l)) ?? '';
  return cleanHeading(line.replace(/^[\s#>*\-]+/, '')).slice(0, 100);
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_ARTICLE) return [text];
  const parts: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n\s*\n/)) {
    if (current && current.length + paragraph.length + 2 > MAX_ARTICLE) {
      parts.push(current);
      current = '';
    }
    if (paragraph.length > MAX_ARTICLE) {
      for (let i = 0; i < paragraph.length; i += MAX_ARTICLE) parts.push(paragraph.slice(i, i + MAX_ARTICLE));
      continue;
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) {
    if (current.length < MIN_ARTICLE && parts.length) parts[parts.length - 1] += `\n\n${current}`;
    else parts.push(current);
  }
  return parts;
}

const TAG_STOP = new Set(['with', 'from', 'this', 'that', 'your', 'using', 'about', 'when', 'what', 'into', 'will', 'have', 'more', 'other', 'example', 'examples', 'part']);

function tagsFor(pkg: string, heading: string): string[] {
  const tags = new Set<string>([pkg]);
  for (const word of heading.toLowerCase().split(/[^a-z0-9]+/)) {
    if (/^[a-z]{4,20}$/.test(word) && !TAG_STOP.has(word)) tags.add(word);
    if (tags.size >= 3) break;
  }
  return [...tags];
}

function packageTag(source: CorpusSource, file: string): string {
  const rel = path.relative(source.root, file).split(path.sep);
  const nm = rel.lastIndexOf('node_modules');
  let name: string;
  if (source.label === 'npm') {
    const parts = nm >= 0 ? rel.slice(nm + 1) : rel;
    name = parts[0]?.startsWith('@') ? `${parts[0].slice(1)}/${parts[1]}` : parts[0] ?? source.label;
  } else if (source.label === 'awscli') {
    name = `aws-${rel[0]}`;
  } else if (source.label === 'doc') {
    name = rel[0] ?? 'doc';
  } else {
    name = source.label;
  }
  const tag = name.toLowerCase().replace(/[^\p{L}\p{N}._\-/+#]/gu, '-').replace(/^[^\p{L}\p{N}]+/u, '').slice(0, 40);
  return tag || source.label;
}

function* walk(root: string, extensions: string[]): Generator<string> {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'test' && entry.name !== 'tests') stack.push(full);
      } else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        yield full;
      }
    }
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Fisher–Yates with a small fixed-seed generator: the same order on every run. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
