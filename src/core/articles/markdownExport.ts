import { formatLines, type Article } from '../model';
import { codeFence } from '../review/languageForPath';
import { formatArticleDocument, slugify } from './articleDocument';

/**
 * An article as a plain Markdown file that other tools (Foam, Obsidian, a git host) open as it
 * is: Lore's front matter plus `lore-id:` and `author:`, the body unchanged (`[[links]]` kept),
 * images from Lore pointing at files beside it, and the snippets as fenced code with their file
 * and lines under a marker line that an import leaves out (so a round trip keeps the body).
 */

/** Everything from this line on is written by the export and left out when imported. */
export const SNIPPETS_MARKER = '<!-- lore:snippets (written by Lore export; not imported) -->';

/** The folder, next to the articles, that holds the images they show. */
export const IMAGES_FOLDER = 'images';

const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg',
};

/** The file name an image of this type gets in the export (its hash, so re-exporting is stable). */
export function exportedImageName(hash: string, mime: string): string {
  return `${hash}.${IMAGE_EXTENSIONS[mime] ?? 'bin'}`;
}

/** One file name per article (title slugs, `-2`, `-3` for repeated titles), in the order given. */
export function exportFileNames(articles: ReadonlyArray<Pick<Article, 'id' | 'title'>>): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const article of articles) {
    const slug = slugify(article.title);
    let name = `${slug}.md`;
    for (let n = 2; used.has(name); n++) name = `${slug}-${n}.md`;
    used.add(name);
    names.set(article.id, name);
  }
  return names;
}

/**
 * The Markdown file of one article. `imageFile(hash)` is the exported image's name, or
 * undefined when Lore does not have that image (the link is then left as it was).
 */
export function articleToMarkdown(article: Article, imageFile: (hash: string) => string | undefined): string {
  const body = article.body.replace(/\(lore-image:([0-9a-f]{64})\)/gi, (whole, hash: string) => {
    const file = imageFile(hash.toLowerCase());
    return file ? `(${IMAGES_FOLDER}/${file})` : whole;
  });
  const document = formatArticleDocument({ ...article, body });
  // Two more fields after Lore's own: which article this is (so importing it again updates it)
  // and who wrote it.
  const lines = document.split('\n');
  const close = lines.indexOf('---', 1);
  lines.splice(close, 0, `lore-id: ${article.id}`, `author: ${JSON.stringify(article.author)}`);
  let text = lines.join('\n');
  if (article.snippets.length) {
    if (!text.endsWith('\n')) text += '\n';
    text += `\n${SNIPPETS_MARKER}\n## Snippets\n`;
    for (const snippet of article.snippets) {
      const { path, range, commit } = snippet.anchor;
      text += `\n\`${path}\`, lines ${formatLines(range)}${commit ? ` (commit ${commit.slice(0, 12)})` : ''}:\n\n${codeFence(snippet.code, snippet.language)}\n`;
    }
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
