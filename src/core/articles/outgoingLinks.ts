import { articleIdFromLink } from './articleLinks';
import { findWikiLinks, linkKey } from './wikiLinks';
import { addressPattern } from './webAddress';

/**
 * What an article's text links to, as the store indexes it (`article_links`): the titles its
 * `[[…]]` links name (as `linkKey` compares them; links in code are none) and the articles its
 * Lore links (`vscode://lore-team.lore/article/<id>`, what "Copy Article Link" gives) open.
 */
export interface OutgoingLinks {
  titleKeys: string[];
  articleIds: string[];
}

/** Addresses with a scheme: the candidates for Lore's own article link. */
const ADDRESS = addressPattern();

export function outgoingLinks(body: string): OutgoingLinks {
  const titleKeys = new Set(findWikiLinks(body).map((link) => linkKey(link.target)).filter((key) => key !== ''));
  return { titleKeys: [...titleKeys], articleIds: linkedArticleIds(body) };
}

/**
 * The ids of the articles that Lore links anywhere in `text` open (a copied link counts in code
 * too). Punctuation that ends a sentence after a link is not part of it, as in rendered Markdown.
 */
export function linkedArticleIds(text: string): string[] {
  const ids = new Set<string>();
  for (const href of text.match(ADDRESS) ?? []) {
    const id = articleIdFromLink(href.replace(/[.,;:!?]+$/, ''));
    if (id) ids.add(id);
  }
  return [...ids];
}
