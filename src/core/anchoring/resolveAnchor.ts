/**
 * Re-attaching an anchor to the current text of its file, with a cascade that stops at the
 * first confident answer:
 *   1. the hash at the last known place;
 *   2. replaying the diff from the anchor's commit to now (the file's text at that commit or a
 *      unified diff), and, when the lines were deleted, looking for them among added lines;
 *   3. the enclosing symbol, when the caller knows the document's symbols;
 *   4. a fuzzy search of the text with its context over the whole document, then over other
 *      files the caller offers (code moved across files).
 * Below the confidence threshold the best guess comes back as `needsReview` (never moved
 * silently); with nothing plausible the anchor is `orphaned` and keeps where it was.
 */
import type { Anchor, AnchorState, TextRange } from '../model';
import { anchorShape, fitsLineBoundaries, type AnchorShape } from './anchorShape';
import { describeEdit, describeLines, describeMove, lineChanges, wrappedInNewBlock } from './describeChange';
import { replaySpan } from './diffReplay';
import { anchorWords, bodyKeys, copiesOf, DocumentIndex, refineSpan, scoreAt, searchAnchor, uniqueExactMatch, type Match } from './fuzzySearch';
import { diffLines, type ChangeBlock } from './lineDiff';
import { lastCoveredLine, LineTable, rangesEqual, splitLines } from './lineTable';
import { placeRange } from './placeRange';
import { repeatedInPlace } from './repeatedInPlace';
import { isTrivialKey } from './similarity';
import { fillMasks, findExact, hasMasks } from './maskedText';
import { findSymbols, type DocumentSymbolInfo } from './symbols';
import { textHash } from './textHash';
import { changeBlocksOf, findFileDiff, parseUnifiedDiff, type FileDiff } from './unifiedDiff';

/**
 * Confidence from which Lore re-attaches a note by itself. Confidence is text similarity scaled
 * by context (see `matchConfidence`): 0.75 is met by identical code whose surroundings changed by
 * up to about half (for a 10-word anchor), and not by a short line found among other code.
 */
export const DEFAULT_THRESHOLD = 0.75;
/**
 * Confidence below which a guess is not worth showing: the note is orphaned. At 0.4 less than
 * about half the tokens are shared, which in the corpus was always other code.
 */
export const DEFAULT_PLAUSIBLE = 0.4;
/**
 * A match farther than the slack from where the code was expected must be this much more
 * confident than the threshold: a copy far away (commented out, pasted into a test) is more
 * often other code than the note's code moved, and a wrong silent move is the worst outcome.
 */
export const FAR_MARGIN = 0.1;
/**
 * The hash at the old place is accepted for anchors of this many words or more without asking
 * the context: a sentence of code that long rarely slides into another copy's place; shorter
 * texts (`}`, `return x;`) must also have context at least CONTEXT_AGREES alike.
 */
const HASH_WORDS = 6;
const CONTEXT_AGREES = 0.5;
/** A replayed span this alike (tokens) is the code, edited: nothing later in the cascade can do better. */
const REPLAY_SURE = 0.9;
/** The search must beat the line-by-line replay by this much to be preferred (see step 2). */
const SEARCH_OVER_REPLAY = 0.15;
/** Confidence added when the match lies in the anchor's symbol and the symbol excludes a rival. */
const SYMBOL_BONUS = 0.1;
/** A loose guess elsewhere than expected must be at least this alike to be offered (see plausibleGuess). */
const LOOSE_TEXT = 0.6;
/** Confidence of a guess among copies made since the anchor's commit (below the threshold: Lore asks). */
const COPIED_CONFIDENCE = 0.6;
/** A copy whose context is within this of the chosen copy's could be the note's code as well. */
const COPY_CONTEXT_MARGIN = 0.25;
/** Confidence lost by a match in another file than the anchor's: same code in place beats a copy elsewhere. */
const OTHER_FILE_PENALTY = 0.02;

export interface CandidateFile {
  /** Workspace-relative path. */
  path: string;
  text: string;
}

/** What the caller knows of the file's history since the anchor was made. */
export interface AnchorHistory {
  /** The file's text at the anchor's commit (`git show <commit>:<path>`): the most reliable input. */
  oldText?: string;
  /** A unified diff from the anchor's commit to the working tree (`git diff <commit>`), one or many files. */
  diff?: string;
  /**
   * The file as saved on disk, when `diff` reaches the saved file but the editor holds unsaved
   * changes. Default: the current text is what is on disk.
   */
  diskText?: string;
}

export interface ResolverOptions {
  /** The document's path now, when it differs from the anchor's (the file was renamed). */
  path?: string;
  /** Symbols of the current document (from a symbol provider), for step 3. */
  symbols?: readonly DocumentSymbolInfo[];
  /** Other files the code may have moved to, for the last step. */
  candidates?: readonly CandidateFile[];
  /** Confidence from which to re-attach automatically. Default DEFAULT_THRESHOLD. */
  threshold?: number;
  /** Confidence below which a guess is dropped and the anchor orphaned. Default DEFAULT_PLAUSIBLE. */
  plausible?: number;
}

export interface ResolveOptions extends ResolverOptions, AnchorHistory {}

export type ResolveMethod = 'hash' | 'diff' | 'symbol' | 'fuzzy' | 'none';

/**
 * What became of an anchor. For the caller:
 *  - `attached` / `moved`: show the note at `range` in `path` and store them (refresh the anchor
 *    with `reattachHere` once the document is saved and clean, passing HEAD as commit);
 *  - `needsReview`: show the note where it was, offer `range` as "is it here?"; keep the anchor;
 *  - `orphaned`: keep the anchor as it is and show the note as detached, with `note`.
 */
export interface AnchorResolution {
  state: AnchorState;
  /** Where the code is now; for `needsReview` the best guess. Absent when orphaned. */
  range?: TextRange;
  /** The file `range` is in: the anchor's (or renamed) path, or another file the code moved to. */
  path: string;
  /** The text now at `range`. */
  text?: string;
  /** 0..1. */
  confidence: number;
  /** What happened, in words, e.g. "moved 12 lines down, re-indented". */
  note: string;
  /** The step of the cascade that decided. */
  method: ResolveMethod;
  /**
   * The code at `range` differs from the anchored code by more than whitespace (values changed,
   * lines added or removed, wrapped in a new block): the note may no longer fit, so the state is
   * `needsReview`. Lines of the anchored code prefixed `- `, of the code now `+ `, the same `  `.
   */
  changes?: string;
  /** Other places holding the code as well, when Lore cannot tell which copy the note is on. */
  alternatives?: Array<{ path: string; range: TextRange }>;
}

interface Guess {
  method: ResolveMethod;
  path: string;
  /** The document `match` is in. */
  table: LineTable;
  match: Match;
  confidence: number;
  /** Found about where the code was expected (its old place, or where the diff put it). */
  near?: boolean;
  /** Why Lore is not sure, when it asks for another reason than a weak or ambiguous match. */
  doubt?: string;
}

/** The history of one anchor, turned into changed blocks in current-text coordinates. */
interface Replayable {
  blocks: ChangeBlock[];
  /** Lines of the anchor in the old text (inclusive). */
  first: number;
  last: number;
  /** The old text is known and holds the anchored code, so the diff can be trusted to say where lines went. */
  trusted: boolean;
  /** Current lines that the diff added or changed. */
  added: Uint8Array;
  view: HistoryView;
}

interface HistoryView {
  /** The file at the anchor's commit, when known. */
  oldTable?: LineTable;
  /** Its index, built when first needed (counting copies of an anchor's code then). */
  oldIndex?: DocumentIndex;
  blocks: ChangeBlock[];
  added: Uint8Array;
  /** Current lines the diff inserted where nothing was removed (pure insertions). */
  inserted: Uint8Array;
}

/**
 * Resolves anchors against one current document, reusing its index, the diffs computed from
 * each old text, and the other files' indexes across calls: use one per document per pass.
 */
export class AnchorResolver {
  private readonly index?: DocumentIndex;
  private readonly byOldText = new Map<string, HistoryView | undefined>();
  private readonly byDiff = new Map<string, Map<string | undefined, Map<string, HistoryView | undefined>>>();
  private readonly diffCache = new Map<string, FileDiff[]>();
  private readonly candidateIndexes = new Map<string, DocumentIndex>();
  private readonly threshold: number;
  /** The anchor being resolved has a trusted history (set at the start of each `resolve`). */
  private trustedHistory = false;
  private readonly plausible: number;

  constructor(currentText: string | undefined, private readonly options: ResolverOptions = {}) {
    this.index = currentText === undefined ? undefined : new DocumentIndex(currentText);
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.plausible = options.plausible ?? DEFAULT_PLAUSIBLE;
  }

  resolve(anchor: Anchor, history: AnchorHistory = {}): AnchorResolution {
    const path = this.options.path ?? anchor.path;
    const shape = anchorShape(anchor);
    let best: Guess | undefined;
    let stayed = false;
    const confident = (guess: Guess | undefined): boolean => {
      if (!guess) return false;
      if (!best || guess.confidence > best.confidence) best = guess;
      return guess.confidence >= this.threshold + (guess.near === false ? FAR_MARGIN : 0);
    };

    if (this.index) {
      const table = this.index.table;
      // 1. The hash at the last known place; with a trusted history the diff says better
      // whether these are still the same lines or a copy that slid into their place.
      const replayable = this.replayable(anchor, history, path);
      // With the file's text at the anchor's commit the diff says which copy is new (copiedSince).
      this.trustedHistory = replayable?.trusted === true;
      const here = table.clampRange(anchor.range);
      if (!replayable?.trusted && rangesEqual(here, anchor.range) && fitsLineBoundaries(table.lines, here, shape) && hashMatches(anchor, table.slice(here))) {
        const match = scoreAt(anchor, table, here, here.startLine);
        // A short, common text (`}`, `marker,`) may be another copy that slid into the old place:
        // for those the surroundings must agree too. Code that has copies elsewhere goes to the
        // search, which compares the copies' surroundings and asks when they cannot tell.
        const agrees = anchorWords(anchor) >= HASH_WORDS || match.contextSimilarity >= CONTEXT_AGREES;
        if (agrees && !hasCopies(shape, this.index)) return this.finish(anchor, { method: 'hash', path, table, match, confidence: 1 });
      }

      // 2. Replay the diff since the anchor's commit; deleted code is looked for among added lines.
      let expectedLine = anchor.range.startLine;
      const slack = Math.max(3, shape.body.length);
      const near = (m: Match): boolean => Math.abs(m.range.startLine - expectedLine) <= slack;
      let allowed: ((m: Match) => boolean) | undefined;
      if (replayable) {
        const replay = replaySpan(replayable.blocks, replayable.first, replayable.last);
        expectedLine = replay.expectedLine;
        // The diff says most of the code is still in this file (perhaps edited): it did not move away.
        stayed = replayable.trusted && replay.unchanged + replay.edited >= Math.max(1, replay.deleted);
        let replayed: Guess | undefined;
        if (replay.lines) {
          const match = refineSpan(anchor, shape, table, replay.lines.first, replay.lines.last, expectedLine);
          // The diff followed the lines here, so even a loosely alike text (30%) is a guess worth showing.
          replayed = { method: 'diff', path, table, match, confidence: 0.3 + 0.7 * match.textSimilarity, near: true };
          // Followed line by line and still nearly the same text: nothing can say better.
          if (match.textSimilarity >= REPLAY_SURE && confident(replayed)) return this.finish(anchor, best!, this.copiedSince(anchor, shape, replayable, best!));
        }
        if (replayable.trusted) {
          // The diff is right about which lines are old: a deleted block can only have gone to
          // added lines (or stayed within what the replay found), never to code that was there before.
          const added = replayable.added;
          const span = replay.lines;
          allowed = (m) => {
            const last = lastCoveredLine(m.range);
            if (span && m.range.startLine <= span.last && last >= span.first) return true;
            let count = 0;
            for (let l = m.range.startLine; l <= last; l++) count += added[l] ?? 0;
            return count * 2 >= last - m.range.startLine + 1;
          };
          const found = this.bestMatch(searchAnchor(anchor, shape, this.index, { expectedLine }), allowed);
          const moved: Guess | undefined = found && { method: 'diff', path, table, match: found, confidence: found.confidence, near: near(found) };
          // The line-by-line replay wins unless the search found clearly better (the replay can be
          // led astray when the diff pairs some lines with a fresh copy of the block).
          const pick = moved && (!replayed || moved.confidence >= replayed.confidence + SEARCH_OVER_REPLAY) ? moved : replayed;
          if (pick && confident(pick)) return this.finish(anchor, best!, this.copiedSince(anchor, shape, replayable, best!));
          if (moved) confident(moved);
        } else if (replayed && confident(replayed)) {
          return this.finish(anchor, best!);
        }
      }

      // 3. The enclosing symbol.
      // The symbol adds confidence only where it rules out a rival: when every plausible match
      // of the whole document lies inside it, it says nothing the search did not.
      if (anchor.symbolPath && this.options.symbols) {
        let everywhere: Match[] | undefined;
        for (const symbol of findSymbols(this.options.symbols, anchor.symbolPath)) {
          const within = { startLine: symbol.range.startLine, endLine: lastCoveredLine(symbol.range) };
          const match = this.bestMatch(searchAnchor(anchor, shape, this.index, { expectedLine, within }), allowed);
          if (!match) continue;
          everywhere ??= searchAnchor(anchor, shape, this.index, { expectedLine }).filter((m) => (!allowed || allowed(m)) && m.confidence >= this.plausible);
          const excludesRival = everywhere.some((m) => m.range.startLine < within.startLine || lastCoveredLine(m.range) > within.endLine);
          const confidence = match.ambiguous || !excludesRival ? match.confidence : Math.min(1, match.confidence + SYMBOL_BONUS);
          if (confident({ method: 'symbol', path, table, match, confidence, near: true })) return this.finish(anchor, best!);
        }
      }

      // 4. Fuzzy search of text and context over the document (already done when the diff is trusted).
      if (!allowed) {
        const unique = uniqueExactMatch(anchor, shape, this.index, expectedLine);
        if (unique && confident({ method: 'fuzzy', path, table, match: unique, confidence: unique.confidence, near: near(unique) })) return this.finish(anchor, best!);
        const match = this.bestMatch(searchAnchor(anchor, shape, this.index, { expectedLine }));
        if (match && confident({ method: 'fuzzy', path, table, match, confidence: match.confidence, near: near(match) })) return this.finish(anchor, best!);
      }
    }

    // 4b. Other files: those the diff added lines to, then those the caller offers.
    for (const other of stayed ? [] : this.otherFiles(anchor, history, path)) {
      const match = this.bestMatch(searchAnchor(anchor, shape, other.index, { expectedLine: anchor.range.startLine }), other.allowed);
      if (match && confident({ method: other.method, path: other.path, table: other.index.table, match, confidence: match.confidence - OTHER_FILE_PENALTY })) return this.finish(anchor, best!);
    }

    if (best && this.plausibleGuess(best)) return this.finish(anchor, best, 'needsReview');
    return {
      state: 'orphaned',
      path: anchor.path,
      confidence: best?.confidence ?? 0,
      method: 'none',
      note: `The code this note was on is gone from ${describeLines(anchor.range)} of ${anchor.path} (deleted or rewritten, and not found elsewhere). The note stays with where it was.`,
    };
  }

  /**
   * A guess worth showing: confident enough, and when its text is only loosely alike, found
   * about where the code was expected. A loose match elsewhere is more likely other code that
   * looks similar (a sibling method with the same shape) than the note's code rewritten; even
   * matching context does not help there, since deleting code leaves its old neighbours around
   * whatever now sits between them.
   */
  private plausibleGuess(guess: Guess): boolean {
    if (guess.confidence < this.plausible) return false;
    return guess.match.textSimilarity >= LOOSE_TEXT || guess.near === true;
  }

  /**
   * With a trusted history, the anchor's exact code occurs more often now than in the file at the
   * anchor's commit: it was copied since, and which copy kept the note's lines is the diff's guess
   * among equal lines (it pairs duplicates by position). The note is then not moved silently: the
   * answer is `needsReview`, with the other copies as alternatives.
   */
  private copiedSince(anchor: Anchor, shape: AnchorShape, replayable: Replayable, guess: Guess): 'needsReview' | undefined {
    const view = replayable.view;
    if (!replayable.trusted || !view.oldTable || guess.match.textSimilarity < 1 || !this.index) return undefined;
    // The exact code made of lines the diff kept and lines it inserted: a copy of part of the
    // code was inserted into it, and the whole that reads the same is half copy.
    const range = guess.match.range;
    let kept = false;
    let inserted = false;
    for (let l = range.startLine; l <= lastCoveredLine(range); l++) {
      if (view.inserted[l]) inserted ||= !this.index.trivial[l];
      else if (!view.added[l]) kept ||= !this.index.trivial[l];
    }
    if (kept && inserted) {
      guess.doubt = 'lines were inserted into the code since the note was made, and part of what reads the same is the inserted copy';
      guess.confidence = Math.min(guess.confidence, COPIED_CONFIDENCE);
      return 'needsReview';
    }
    const now = copiesOf(shape, this.index);
    if (now.length < 2) return undefined;
    view.oldIndex ??= view.oldTable === this.index.table ? this.index : new DocumentIndex(view.oldTable);
    if (copiesOf(shape, view.oldIndex).length >= now.length) return undefined;
    const here = guess.match.range.startLine;
    // A copy whose surroundings are clearly other code (pasted elsewhere) is told apart by them.
    const table = this.index.table;
    const others = now
      .filter((start) => Math.abs(start - here) >= Math.max(1, shape.body.length))
      .map((start) => placeRange(table, anchor, shape, start, start + shape.body.length - 1))
      .filter((range) => scoreAt(anchor, table, range, here).contextSimilarity >= guess.match.contextSimilarity - COPY_CONTEXT_MARGIN);
    if (!others.length) return undefined;
    guess.match = { ...guess.match, ambiguous: true, others };
    guess.confidence = Math.min(guess.confidence, COPIED_CONFIDENCE);
    return 'needsReview';
  }

  /**
   * The exact code found once more, whole or in part, where the text cannot tell the copies apart
   * (see repeatedInPlace): the note is not moved silently onto one of them.
   */
  private repeatedHere(anchor: Anchor, guess: Guess): 'needsReview' | undefined {
    const repeated = repeatedInPlace(anchor, anchorShape(anchor), this.index!, guess.match);
    if (!repeated) return undefined;
    guess.match = { ...guess.match, ambiguous: true, others: repeated.others };
    guess.confidence = Math.min(guess.confidence, COPIED_CONFIDENCE);
    if (repeated.partial) guess.doubt = `part of this code appears again nearby, at ${repeated.others.map(describeLines).join(', ')} (a block was copied), and the text cannot tell which copy the note was on`;
    return 'needsReview';
  }

  private bestMatch(matches: Match[], allowed?: (m: Match) => boolean): Match | undefined {
    return allowed ? matches.find(allowed) : matches[0];
  }

  private finish(anchor: Anchor, guess: Guess, forced?: AnchorState): AnchorResolution {
    // Code rewritten in place is not the code the note was written about: it reads as changed.
    const wrapped = guess.match.textSimilarity === 1 && wrappedInNewBlock(anchor, anchorShape(anchor), guess.table, guess.match.range);
    const changed = wrapped || guess.match.textSimilarity < 1;
    if (!forced && !changed && !this.trustedHistory && guess.method !== 'symbol' && this.index && guess.table === this.index.table) forced = this.repeatedHere(anchor, guess);
    const { match } = guess;
    const renamed = this.options.path !== undefined && this.options.path !== anchor.path && guess.path === this.options.path;
    const move = renamed
      ? `the file was renamed from ${anchor.path}${match.range.startLine !== anchor.range.startLine ? `; ${describeMove(anchor.path, anchor.range, anchor.path, match.range)}` : ''}`
      : describeMove(anchor.path, anchor.range, guess.path, match.range);
    const edit = wrapped ? 'wrapped in a new block' : describeEdit(fillMasks(anchor.text, match.text), match.text, match.textSimilarity);
    const parts = [move, edit].filter(Boolean);
    const confidence = Math.max(0, Math.min(1, guess.confidence));
    const base: AnchorResolution = { state: 'needsReview', range: match.range, path: guess.path, text: match.text, confidence, method: guess.method, note: '' };
    if (changed) base.changes = lineChanges(anchor.text, match.text);
    if (match.others?.length) base.alternatives = match.others.map((range) => ({ path: guess.path, range }));
    const where = `${describeLines(match.range)}${guess.path !== anchor.path ? ` of ${guess.path}` : ''}`;
    if (forced === 'needsReview') {
      const why = guess.doubt
        ? guess.doubt
        : match.ambiguous
        ? `the same code appears in more than one place${match.others?.length ? `, also at ${match.others.map(describeLines).join(', ')}` : ''}`
        : `only ${Math.round(match.textSimilarity * 100)}% of the code matches`;
      return { ...base, note: `Not sure where this code went: best guess is ${where} (${why}${parts.length ? `; ${parts.join(', ')}` : ''}). Check it and re-attach the note there, or leave it.` };
    }
    if (changed) {
      return { ...base, note: `The code changed: ${parts.join(', ')}; now at ${where}. Check that the note still fits, then re-attach it there.` };
    }
    const sameSpot = !renamed && guess.path === anchor.path && match.range.startLine === anchor.range.startLine;
    return { ...base, state: sameSpot ? 'attached' : 'moved', note: parts.length ? parts.join(', ') : 'unchanged' };
  }

  /** The anchor's history as changed blocks against the current text, if the caller gave any. */
  private replayable(anchor: Anchor, history: AnchorHistory, path: string): Replayable | undefined {
    const view = this.historyView(anchor, history, path);
    if (!view) return undefined;
    let first = anchor.range.startLine;
    let last = lastCoveredLine(anchor.range);
    let trusted = false;
    const located = view.oldTable && locateInOld(anchor, anchorShape(anchor), view.oldTable);
    if (located) {
      first = located.startLine;
      last = lastCoveredLine(located);
      trusted = true;
    }
    return { blocks: view.blocks, first, last, trusted, added: view.added, view };
  }

  /** The old text and its changed blocks against the current text, computed once per history. */
  private historyView(anchor: Anchor, history: AnchorHistory, path: string): HistoryView | undefined {
    // Keyed by the caller's own strings (no concatenation: these texts can be megabytes).
    let byText: Map<string, HistoryView | undefined>;
    let key: string;
    if (history.oldText !== undefined) {
      byText = this.byOldText;
      key = history.oldText;
    } else if (history.diff !== undefined) {
      const scope = `${anchor.path}\u0000${path}`;
      let byDisk = this.byDiff.get(history.diff);
      if (!byDisk) this.byDiff.set(history.diff, (byDisk = new Map()));
      let byScope = byDisk.get(history.diskText);
      if (!byScope) byDisk.set(history.diskText, (byScope = new Map()));
      byText = byScope;
      key = scope;
    } else {
      return undefined;
    }
    if (byText.has(key)) return byText.get(key);
    const view = this.buildHistoryView(anchor, history, path);
    byText.set(key, view);
    return view;
  }

  private buildHistoryView(anchor: Anchor, history: AnchorHistory, path: string): HistoryView | undefined {
    const current = this.index!.table;
    let oldLines: string[] | undefined;
    let oldTable: LineTable | undefined;
    let blocks: ChangeBlock[] | undefined;
    if (history.oldText !== undefined && history.oldText === current.text && !current.text.includes('\r')) {
      // The file is as it was at the commit (the common case): its table, and no changes.
      oldTable = current;
      blocks = [];
    } else if (history.oldText !== undefined) {
      // Without carriage returns the old text is its own table (no split and join to rebuild it).
      if (!history.oldText.includes('\r')) oldTable = new LineTable(history.oldText);
      oldLines = oldTable ? oldTable.lines : splitLines(history.oldText);
    } else if (history.diff !== undefined) {
      const diffs = this.parsedDiff(history.diff);
      const fileDiff = findFileDiff(diffs, anchor.path) ?? findFileDiff(diffs, path);
      if (!fileDiff) {
        // The diff does not mention the file: unchanged on disk since the commit.
        oldLines = history.diskText !== undefined ? splitLines(history.diskText) : current.lines;
      } else {
        if (fileDiff.binary) return undefined;
        const diskLines = history.diskText !== undefined ? splitLines(history.diskText) : current.lines;
        oldLines = reverseApply(diskLines, changeBlocksOf(fileDiff));
        // The diff does not fit the file (edited since): use its blocks as they are, untrusted.
        if (!oldLines) blocks = changeBlocksOf(fileDiff);
      }
    }
    if (oldLines) blocks = diffLines(oldLines, current.lines);
    if (!blocks) return undefined;
    const added = new Uint8Array(current.lineCount);
    const inserted = new Uint8Array(current.lineCount);
    for (const b of blocks) {
      for (let l = b.newStart; l < b.newStart + b.newLines.length && l < added.length; l++) {
        added[l] = 1;
        if (b.oldLines.length === 0) inserted[l] = 1;
      }
    }
    return { oldTable: oldTable ?? (oldLines && new LineTable(oldLines.join('\n'))), blocks, added, inserted };
  }

  private parsedDiff(diff: string): FileDiff[] {
    let parsed = this.diffCache.get(diff);
    if (!parsed) {
      parsed = parseUnifiedDiff(diff);
      this.diffCache.set(diff, parsed);
    }
    return parsed;
  }

  /** Files other than this one where the code may have gone. */
  private *otherFiles(
    anchor: Anchor,
    history: AnchorHistory,
    path: string,
  ): Generator<{ path: string; index: DocumentIndex; allowed?: (m: Match) => boolean; method: ResolveMethod }> {
    const seen = new Set<string>([path]);
    if (history.diff !== undefined) {
      for (const fileDiff of this.parsedDiff(history.diff)) {
        const target = fileDiff.newPath;
        if (!target || seen.has(target) || fileDiff.binary || target === anchor.path) continue;
        const sparse = sparseNewSide(fileDiff);
        if (!sparse) continue;
        seen.add(target);
        const allowed = (m: Match): boolean => {
          const last = lastCoveredLine(m.range);
          let count = 0;
          for (let l = m.range.startLine; l <= last; l++) count += sparse.added[l] ?? 0;
          return count * 2 >= last - m.range.startLine + 1;
        };
        yield { path: target, index: new DocumentIndex(sparse.text), allowed, method: 'diff' };
      }
    }
    for (const candidate of this.options.candidates ?? []) {
      if (seen.has(candidate.path)) continue;
      seen.add(candidate.path);
      let index = this.candidateIndexes.get(candidate.path);
      if (!index || index.table.text !== candidate.text) {
        index = new DocumentIndex(candidate.text);
        this.candidateIndexes.set(candidate.path, index);
      }
      yield { path: candidate.path, index, method: 'fuzzy' };
    }
  }
}

/** Resolve one anchor against the current text of its file (or `undefined` when the file is gone). */
export function resolveAnchor(anchor: Anchor, currentText: string | undefined, options: ResolveOptions = {}): AnchorResolution {
  return new AnchorResolver(currentText, options).resolve(anchor, options);
}

/** Resolve many anchors of one file, sharing the work; `history` gives each anchor's history. */
export function resolveAnchors(
  anchors: readonly Anchor[],
  currentText: string | undefined,
  options: ResolverOptions & { history?: (anchor: Anchor) => AnchorHistory } = {},
): AnchorResolution[] {
  const resolver = new AnchorResolver(currentText, options);
  return anchors.map((anchor) => resolver.resolve(anchor, options.history?.(anchor) ?? {}));
}

/** Where the anchor's code sits in the old text: at its range when the hash agrees, else its unique exact copy. */
function locateInOld(anchor: Anchor, shape: AnchorShape, oldTable: LineTable): TextRange | undefined {
  const at = oldTable.clampRange(anchor.range);
  if (rangesEqual(at, anchor.range) && fitsLineBoundaries(oldTable.lines, at, shape)) {
    const there = oldTable.slice(at);
    if (there === anchor.text || textHash(there) === anchor.hash) return at;
  }
  if (!anchor.text) return undefined;
  const text = oldTable.text;
  const first = findExact(anchor, text);
  if (!first || findExact(anchor, text, first.start + 1)) return undefined;
  const start = oldTable.positionAt(first.start);
  const end = oldTable.positionAt(first.end);
  const range = { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character };
  return fitsLineBoundaries(oldTable.lines, range, shape) ? range : undefined;
}

/**
 * Whether `text` has the anchor's hash. Texts that differ other than in whitespace cannot have the
 * same whitespace-normalised hash, so unmasked anchors are compared without whitespace first and
 * hashed only when that agrees (most anchors are not at their old place any more).
 */
function hashMatches(anchor: Anchor, text: string): boolean {
  if (text !== anchor.text && !hasMasks(anchor.text) && !equalIgnoringWhitespace(text, anchor.text)) return false;
  return textHash(text) === anchor.hash;
}

/** Whether two texts are equal once all whitespace is removed, compared in place (stops at the first difference). */
function equalIgnoringWhitespace(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isWhitespace(a.charCodeAt(i))) i++;
    while (j < b.length && isWhitespace(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

/** What `\s` matches (the whitespace `normalizeWhitespace` folds). */
function isWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether the anchor's code may exist more than once in the document: its rarest meaningful
 * line occurs more than once. Cheap (the index's line map), and only a hint: the search decides.
 */
function hasCopies(shape: AnchorShape, index: DocumentIndex): boolean {
  let rarest = Infinity;
  const keys = bodyKeys(shape);
  const ids = index.keyIdsOf(keys);
  for (let k = 0; k < keys.length; k++) {
    if (isTrivialKey(keys[k])) continue;
    rarest = Math.min(rarest, ids[k] < 0 ? 0 : index.linesWithKeyId(ids[k]).length);
    if (rarest <= 1) return false;
  }
  return rarest !== Infinity && rarest > 1;
}

/** The old version of a file, from its new version and the diff's blocks; undefined if they disagree. */
function reverseApply(newLines: readonly string[], blocks: readonly ChangeBlock[]): string[] | undefined {
  const out: string[] = [];
  let pos = 0;
  const same = (a: string, b: string): boolean => a.replace(/\r$/, '') === b.replace(/\r$/, '');
  for (const block of [...blocks].sort((a, b) => a.newStart - b.newStart)) {
    if (block.newStart < pos || block.newStart + block.newLines.length > newLines.length) return undefined;
    for (let l = pos; l < block.newStart; l++) out.push(newLines[l]);
    if (out.length !== block.oldStart) return undefined;
    for (let k = 0; k < block.newLines.length; k++) if (!same(newLines[block.newStart + k], block.newLines[k])) return undefined;
    out.push(...block.oldLines);
    pos = block.newStart + block.newLines.length;
  }
  for (let l = pos; l < newLines.length; l++) out.push(newLines[l]);
  return out;
}

/** The new side of a file's hunks (context and added lines) at their real line numbers, other lines blank. */
function sparseNewSide(fileDiff: FileDiff): { text: string; added: Uint8Array } | undefined {
  let end = 0;
  let anyAdded = false;
  for (const hunk of fileDiff.hunks) {
    end = Math.max(end, hunk.newStart + hunk.newCount);
    if (hunk.lines.some((l) => l.kind === 'added')) anyAdded = true;
  }
  if (!anyAdded) return undefined;
  const lines: string[] = new Array(end).fill('');
  const added = new Uint8Array(end);
  for (const hunk of fileDiff.hunks) {
    let line = hunk.newStart;
    for (const l of hunk.lines) {
      if (l.kind === 'removed') continue;
      lines[line] = l.text;
      if (l.kind === 'added') added[line] = 1;
      line++;
    }
  }
  return { text: lines.join('\n'), added };
}
