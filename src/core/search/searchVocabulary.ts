import type { Database } from '../store/database';
import { lunrApi, type LunrTokenSet } from './lunrLanguage';
import { isVocabularyWord } from './textAnalyzer';

/**
 * What the index knows about words: how many articles contain a stem (FTS5's own vocabulary,
 * `article_fts_vocab`), which words start with a prefix, and which words are a few edits away
 * from a typo.
 *
 * Typo matching is lunr's fuzzy matching over the words of the knowledge base:
 * `vocabulary.intersect(TokenSet.fromFuzzyString(word, distance))` (in this order: the other
 * one silently finds nothing). The vocabulary is split by first letter and each part is loaded
 * the first time a typo needs it, as a plain trie of lunr TokenSet nodes: a trie takes a
 * quarter of the time lunr's minimising builder takes, and, unlike lunr's sets, it can take
 * new words in place, so words saved later (in this window or another) are picked up
 * without a rebuild. A typo is looked up in the parts of its first and second letters,
 * which covers every single edit except a changed or added first letter.
 */
export class SearchVocabulary {
  private readonly parts = new Map<string, LunrTokenSet>();
  private lastWordId: number | undefined;

  private constructor(private readonly db: Database) {}

  private static readonly instances = new WeakMap<Database, SearchVocabulary>();

  static of(db: Database): SearchVocabulary {
    let vocabulary = SearchVocabulary.instances.get(db);
    if (!vocabulary) {
      vocabulary = new SearchVocabulary(db);
      SearchVocabulary.instances.set(db, vocabulary);
    }
    return vocabulary;
  }

  /** How many articles contain each stem (0 when none). */
  documentFrequencies(stems: Iterable<string>): Map<string, number> {
    const result = new Map<string, number>();
    for (const stem of stems) {
      if (result.has(stem)) continue;
      const row = this.db.get<{ doc: number }>('SELECT doc FROM article_fts_vocab WHERE term = ?', stem);
      result.set(stem, row ? Number(row.doc) : 0);
    }
    return result;
  }

  /**
   * How many articles contain a stem when that is at most `atMost`; otherwise some number above
   * `atMost`. Counting stops there, so a common word costs a fraction of documentFrequencies
   * (which reads the stem's whole list: milliseconds for a word in thousands of articles).
   */
  documentFrequencyUpTo(stem: string, atMost: number): number {
    const cap = Math.max(0, Math.floor(atMost));
    return this.db.get<{ n: number }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH ? LIMIT ?)', `"${stem.replace(/"/g, '""')}"`, cap + 1,
    )?.n ?? 0;
  }

  /** The stem of each of `words` that the index has seen. */
  stemsOf(words: string[]): Map<string, string> {
    const result = new Map<string, string>();
    for (const word of words) {
      const row = this.db.get<{ stem: string }>('SELECT stem FROM search_words WHERE word = ?', word);
      if (row) result.set(word, row.stem);
    }
    return result;
  }

  /**
   * Stems that FTS5's prefix match on stems would miss: those of words starting with `prefix`
   * whose stem is shorter or different (`authenticati*`: "authentication" → "authent").
   */
  prefixStemsNotStartingWith(prefix: string, limit = 50): string[] {
    if (prefix.length < 4) return [];
    const rows = this.db.all<{ stem: string }>(
      `SELECT DISTINCT stem FROM (SELECT stem FROM search_words WHERE word >= ? AND word < ? LIMIT 5000)
       WHERE substr(stem, 1, ?) <> ? LIMIT ?`,
      prefix, `${prefix}\u{10ffff}`, prefix.length, prefix, limit,
    );
    return rows.map((r) => r.stem);
  }

  /** True when some article has a word starting with `prefix` (or equal to it). */
  hasWordStartingWith(prefix: string): boolean {
    if (this.db.get('SELECT 1 FROM search_words WHERE word >= ? AND word < ? LIMIT 1', prefix, `${prefix}\u{10ffff}`)) return true;
    return this.db.get('SELECT 1 FROM article_fts_vocab WHERE term >= ? AND term < ? LIMIT 1', prefix, `${prefix}\u{10ffff}`) !== undefined;
  }

  /** Known words within `distance` edits (insert, delete, substitute, swap) of `word`. */
  nearWords(word: string, distance: number): string[] {
    if (!isVocabularyWord(word) || distance < 1) return [];
    this.pickUpNewWords();
    const fuzzy = lunrApi.TokenSet.fromFuzzyString(word, distance);
    const found = new Set<string>();
    for (const letter of new Set([word[0], word[1]])) {
      for (const near of this.part(letter).intersect(fuzzy).toArray()) if (near !== word) found.add(near);
    }
    return [...found];
  }

  /** Loads every part of the vocabulary now (for a warm-up when the editor is idle). */
  loadAll(): void {
    this.pickUpNewWords();
    const letters = this.db.all<{ letter: string }>('SELECT DISTINCT substr(word, 1, 1) AS letter FROM search_words');
    for (const { letter } of letters) this.part(letter);
  }

  private part(letter: string): LunrTokenSet {
    let root = this.parts.get(letter);
    if (!root) {
      root = new (lunrApi.TokenSet as unknown as new () => LunrTokenSet)();
      const upper = String.fromCharCode(letter.charCodeAt(0) + 1);
      for (const row of this.db.all<{ word: string }>('SELECT word FROM search_words WHERE word >= ? AND word < ?', letter, upper)) {
        insertWord(root, row.word);
      }
      this.parts.set(letter, root);
    }
    return root;
  }

  /** Adds words saved since the last look (by any window) to the parts already loaded. */
  private pickUpNewWords(): void {
    if (this.lastWordId === undefined) {
      this.lastWordId = this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM search_words')?.id ?? 0;
      return;
    }
    const rows = this.db.all<{ id: number; word: string }>('SELECT id, word FROM search_words WHERE id > ? ORDER BY id', this.lastWordId);
    for (const row of rows) {
      const root = this.parts.get(row.word[0]);
      if (root) insertWord(root, row.word);
      this.lastWordId = row.id;
    }
  }
}

function insertWord(root: LunrTokenSet, word: string): void {
  const NodeType = lunrApi.TokenSet as unknown as new () => LunrTokenSet;
  let node = root;
  for (let i = 0; i < word.length; i++) {
    const char = word[i];
    let next = node.edges[char];
    if (!next) {
      next = new NodeType();
      node.edges[char] = next;
    }
    node = next;
  }
  node.final = true;
}
