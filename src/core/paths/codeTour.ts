import { createAnchor } from '../anchoring/createAnchor';
import { LineTable } from '../anchoring/lineTable';
import { describeError } from '../errors';
import { LIMITS, validateRelativePath, type TextRange } from '../model';
import type { NewLearningPath } from '../store/learningPaths';
import { MAX_PATH_STEPS, type LearningPath, type NewPathStep, type PathStep } from './pathModel';
import type { StepHealth } from './stepHealth';

/**
 * CodeTour interop (https://github.com/microsoft/codetour, `.tours/*.tour` and
 * `.vscode/tours/*.tour`): a tour is JSON with a title, a description and steps. A step points
 * at a file and a 1-based line (or a `selection` of 1-based lines and characters), at a file and
 * a regular expression `pattern`, at a `directory`, at a `uri`, or at nothing (text only).
 *
 * Import makes a Lore path: file + line or selection and pattern steps become code steps
 * anchored on the code as it is now (so they follow it from then on), a file alone a file step,
 * a directory a folder step. What Lore cannot represent is dropped, said in the step's note
 * and in the summary: command links and `>>` terminal lines (a note never runs anything), a
 * step's `commands`, `uri` and `view` steps, `nextTour`, `ref`, `when`, `stepMarker`. Text-only
 * steps join the previous step's note (or the path's description). `isPrimary` is *start here*.
 *
 * Export writes a tour CodeTour plays: code steps at their place now, file and folder steps,
 * and article steps as text-only steps naming the article (a `lore-article:` link, read back as
 * an article step by import).
 */

/** What import needs from the workspace: a file's text now, undefined when it is not there. */
export type TourFileReader = (path: string) => string | undefined;

export type TourImport =
  | { ok: true; path: NewLearningPath; summary: string[] }
  | { ok: false; problems: string[] };

const ARTICLE_LINK = /\[([^\]\n]*)\]\(lore-article:([A-Za-z0-9_-]{1,128})\)/;
const COMMAND_LINK = /\[([^\]\n]*)\]\(command:[^)\n]*\)/g;
const TERMINAL_LINE = /^>>\s?(.*)$/gm;
const DROPPED_FIELDS = ['nextTour', 'ref', 'when', 'stepMarker'] as const;

/** Reads one `.tour` file's text. `name` names it in problems and the summary. */
export function importCodeTour(name: string, text: string, readFile: TourFileReader): TourImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${name}: not valid JSON (${describeError(error)}).`] };
  }
  const problems: string[] = [];
  const summary: string[] = [];
  const tour = raw as Record<string, unknown> | null;
  if (!tour || typeof tour !== 'object' || Array.isArray(tour)) return { ok: false, problems: [`${name}: a tour must be a JSON object with a title and steps.`] };
  const title = typeof tour.title === 'string' ? tour.title.trim() : '';
  if (!title) problems.push(`${name}: the tour has no title.`);
  else if (title.length > LIMITS.titleLength) problems.push(`${name}: the title is longer than ${LIMITS.titleLength} characters.`);
  if (tour.description !== undefined && typeof tour.description !== 'string') problems.push(`${name}: the description must be text.`);
  if (!Array.isArray(tour.steps)) problems.push(`${name}: "steps" must be a list.`);
  else if (tour.steps.length > MAX_PATH_STEPS) problems.push(`${name}: more than ${MAX_PATH_STEPS} steps.`);
  if (problems.length) return { ok: false, problems };

  let description = cleanText(typeof tour.description === 'string' ? tour.description : '', `${name}, description`, summary).text;
  for (const field of DROPPED_FIELDS) {
    if (tour[field] !== undefined) summary.push(`${name}: "${field}" dropped (${droppedFieldReason(field)}).`);
  }
  const steps: NewPathStep[] = [];
  (tour.steps as unknown[]).forEach((rawStep, index) => {
    const where = `${name}, step ${index + 1}`;
    const step = rawStep as Record<string, unknown> | null;
    if (!step || typeof step !== 'object' || Array.isArray(step)) {
      problems.push(`${where}: a step must be a JSON object.`);
      return;
    }
    const result = importStep(step, where, readFile, summary);
    if ('problem' in result) {
      problems.push(`${where}: ${result.problem}`);
      return;
    }
    if ('text' in result) {
      // A text-only step: its text joins the step before it (or the description).
      if (!result.text.trim()) return;
      summary.push(`${where}: a text-only step, joined to ${steps.length ? 'the previous step\'s note' : 'the path\'s description'}.`);
      if (steps.length) steps[steps.length - 1].note = joinText(steps[steps.length - 1].note, result.text);
      else description = joinText(description, result.text);
      return;
    }
    steps.push(result.step);
  });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    path: { title, description, startHere: tour.isPrimary === true, steps },
    summary,
  };
}

type StepResult = { step: NewPathStep } | { text: string } | { problem: string };

function importStep(step: Record<string, unknown>, where: string, readFile: TourFileReader, summary: string[]): StepResult {
  if (step.description !== undefined && typeof step.description !== 'string') return { problem: 'the description must be text.' };
  if (step.title !== undefined && typeof step.title !== 'string') return { problem: 'the title must be text.' };
  const title = typeof step.title === 'string' && step.title.trim() ? step.title.trim().slice(0, LIMITS.titleLength) : undefined;
  const cleaned = cleanText(typeof step.description === 'string' ? step.description : '', where, summary);
  const dropped = [...cleaned.dropped];
  if (step.commands !== undefined) {
    if (!Array.isArray(step.commands)) return { problem: '"commands" must be a list.' };
    dropped.push(`${step.commands.length} command${step.commands.length === 1 ? '' : 's'} run when the step is shown`);
    summary.push(`${where}: its commands dropped (Lore does not run commands from a path).`);
  }
  if (step.view !== undefined) {
    dropped.push(`the view it focused (${String(step.view).slice(0, 40)})`);
    summary.push(`${where}: the view it focused dropped.`);
  }
  const note = (text: string) => withDropNote(text, dropped);
  const base = { note: note(cleaned.text), ...(title ? { title } : {}) };

  if (typeof step.directory === 'string' && step.file === undefined) {
    const path = relativePath(step.directory);
    if (typeof path !== 'string') return { problem: `the directory ${path.problem}` };
    return { step: { kind: 'file', path: path.replace(/\/+$/, ''), directory: true, ...base } };
  }
  if (step.file !== undefined) {
    if (typeof step.file !== 'string') return { problem: '"file" must be a path.' };
    const path = relativePath(step.file);
    if (typeof path !== 'string') return { problem: `the file ${path.problem}` };
    const located = locate(step, path, readFile);
    if ('problem' in located) return located;
    if (located.summary) summary.push(`${where}: ${located.summary}`);
    if (!located.range) return { step: { kind: 'file', path, directory: false, ...base, note: note(joinText(cleaned.text, located.noteText ?? '')) } };
    const text = readFile(path)!;
    return { step: { kind: 'code', anchor: createAnchor(text, located.range, { path }), ...base } };
  }
  if (typeof step.uri === 'string') {
    summary.push(`${where}: a link step (${step.uri.slice(0, 80)}) kept as a link in the text.`);
    return { text: joinText(cleaned.text, `Link: <${step.uri.replace(/[<>\s]/g, '')}>`) };
  }
  if (step.directory !== undefined) return { problem: '"directory" must be a path.' };
  const article = ARTICLE_LINK.exec(cleaned.text);
  if (article) {
    const rest = cleaned.text.replace(ARTICLE_LINK, '').replace(/^\s*Read the Lore article\s*\.?\s*$/m, '').trim();
    return { step: { kind: 'article', articleId: article[2], articleTitle: article[1], ...base, note: note(rest) } };
  }
  return { text: note(cleaned.text) };
}

/** Where a file step points: a range (line, selection or pattern), or the whole file. */
function locate(step: Record<string, unknown>, path: string, readFile: TourFileReader):
  { range?: TextRange; summary?: string; noteText?: string } | { problem: string } {
  const hasLine = step.line !== undefined;
  if (hasLine && (typeof step.line !== 'number' || !Number.isInteger(step.line) || step.line < 1)) return { problem: '"line" must be a whole number from 1.' };
  let selection: TextRange | undefined;
  if (step.selection !== undefined) {
    const parsed = parseSelection(step.selection);
    if (typeof parsed === 'string') return { problem: parsed };
    selection = parsed;
  }
  let pattern: RegExp | undefined;
  if (step.pattern !== undefined) {
    if (typeof step.pattern !== 'string') return { problem: '"pattern" must be text.' };
    try {
      pattern = new RegExp(step.pattern, 'm');
    } catch {
      return { problem: `"pattern" is not a valid regular expression: ${step.pattern.slice(0, 60)}` };
    }
  }
  if (!hasLine && !selection && !pattern) return {};
  const text = readFile(path);
  if (text === undefined) {
    const where = hasLine ? `line ${String(step.line)}` : 'a place in it';
    return { summary: `${path} is not in this workspace: kept as a file step.`, noteText: `_(The tour pointed at ${where}.)_` };
  }
  const table = new LineTable(text);
  if (selection) return { range: selection };
  if (hasLine && !pattern) {
    const line = Math.min((step.line as number) - 1, table.lineCount - 1);
    const past = (step.line as number) > table.lineCount ? `line ${String(step.line)} is past the end of ${path}; the last line is used.` : undefined;
    return { range: wholeLine(table, line), ...(past ? { summary: past } : {}) };
  }
  const match = pattern!.exec(text);
  if (!match) return { summary: `its pattern is not found in ${path}: kept as a file step.`, noteText: `_(The tour looked for \`${pattern!.source}\`.)_` };
  return { range: wholeLine(table, table.positionAt(match.index).line) };
}

function wholeLine(table: LineTable, line: number): TextRange {
  return { startLine: line, startCharacter: 0, endLine: line, endCharacter: table.lines[line].length };
}

function parseSelection(value: unknown): TextRange | string {
  const s = value as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | null;
  const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  if (!s || typeof s !== 'object' || !s.start || !s.end || ![s.start.line, s.start.character, s.end.line, s.end.character].every(whole)) {
    return '"selection" needs start and end, each with a line and a character counted from 1.';
  }
  const range = { startLine: (s.start.line as number) - 1, startCharacter: (s.start.character as number) - 1, endLine: (s.end.line as number) - 1, endCharacter: (s.end.character as number) - 1 };
  if (range.endLine < range.startLine || (range.endLine === range.startLine && range.endCharacter < range.startCharacter)) return '"selection" ends before it starts.';
  return range;
}

function relativePath(value: unknown): string | { problem: string } {
  try {
    return validateRelativePath(value);
  } catch (error) {
    return { problem: `path is not usable: ${describeError(error)}` };
  }
}

/** Takes out what a Lore note cannot do (run commands); says what went. */
function cleanText(text: string, where: string, summary: string[]): { text: string; dropped: string[] } {
  const dropped: string[] = [];
  let commandLinks = 0;
  let terminalLines = 0;
  let out = text.replace(COMMAND_LINK, (_all, label: string) => {
    commandLinks++;
    return label;
  });
  out = out.replace(TERMINAL_LINE, (_all, command: string) => {
    terminalLines++;
    return `\`${command.replace(/`/g, "'")}\``;
  });
  if (commandLinks) {
    dropped.push(`${commandLinks} command link${commandLinks === 1 ? '' : 's'} (the text is kept)`);
    summary.push(`${where}: ${commandLinks} command link${commandLinks === 1 ? '' : 's'} dropped (a Lore note never runs commands).`);
  }
  if (terminalLines) {
    dropped.push(`${terminalLines} terminal command${terminalLines === 1 ? '' : 's'} (shown as code, not run)`);
    summary.push(`${where}: ${terminalLines} terminal command${terminalLines === 1 ? '' : 's'} kept as code, not runnable.`);
  }
  return { text: out, dropped };
}

function withDropNote(text: string, dropped: string[]): string {
  if (!dropped.length) return text;
  return joinText(text, `> Imported from CodeTour; dropped: ${dropped.join('; ')}.`);
}

function joinText(a: string, b: string): string {
  if (!b.trim()) return a;
  return a.trim() ? `${a.trimEnd()}\n\n${b}` : b;
}

function droppedFieldReason(field: (typeof DROPPED_FIELDS)[number]): string {
  switch (field) {
    case 'nextTour': return 'Lore paths are not chained';
    case 'ref': return 'Lore steps follow their code instead of a git ref';
    case 'when': return 'Lore shows every path';
    case 'stepMarker': return 'Lore steps follow their code without markers in it';
  }
}

/** The `.tour` files of a workspace, from its list of files (workspace-relative, forward slashes). */
export function tourFilesIn(files: readonly string[]): string[] {
  return files.filter((f) => /^(\.tours|\.vscode\/tours|\.github\/tours)\/[^/]+\.tour$/.test(f)).sort();
}

/**
 * A `.tour` CodeTour plays. `health` (stepHealth.ts), when given, puts code steps where their
 * code is now; otherwise at their stored place.
 */
export function exportCodeTour(path: LearningPath, health?: ReadonlyMap<string, StepHealth>): string {
  const steps = path.steps.map((step) => exportStep(step, health?.get(step.id)));
  const tour: Record<string, unknown> = {
    $schema: 'https://aka.ms/codetour-schema',
    title: path.title,
    ...(path.description ? { description: path.description } : {}),
    ...(path.startHere ? { isPrimary: true } : {}),
    steps,
  };
  return `${JSON.stringify(tour, null, 2)}\n`;
}

function exportStep(step: PathStep, health: StepHealth | undefined): Record<string, unknown> {
  const title = step.title ? { title: step.title } : {};
  switch (step.kind) {
    case 'article':
      return { ...title, description: joinText(step.note, `Read the Lore article [${step.articleTitle.replace(/[[\]]/g, '')}](lore-article:${step.articleId}).`) };
    case 'file':
      return step.directory ? { directory: step.path, ...title, description: step.note } : { file: step.path, ...title, description: step.note };
    case 'code': {
      const found = health && health.state !== 'gone' && health.state !== 'elsewhere' && health.range;
      const range = found ? health.range! : step.anchor.range;
      const file = found && health.path ? health.path : step.anchor.path;
      const singleLine = range.startLine === range.endLine && range.startCharacter === 0 && (range.endCharacter === 0 || step.anchor.text.length === range.endCharacter);
      // CodeTour shows the note below `line`: the selection's last line (a range ending at the
      // start of a line ends on the line before).
      const lastLine = range.endCharacter === 0 && range.endLine > range.startLine ? range.endLine - 1 : range.endLine;
      return {
        file, line: lastLine + 1, ...title, description: step.note,
        ...(singleLine ? {} : { selection: { start: { line: range.startLine + 1, character: range.startCharacter + 1 }, end: { line: range.endLine + 1, character: range.endCharacter + 1 } } }),
      };
    }
  }
}
