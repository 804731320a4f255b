/** Anchoring: keeping notes and snippets on their code as it is edited, moved and refactored. */
export { createAnchor, reattachHere, captureRange, CONTEXT_LINES, type AnchorOptions, type ReattachOptions } from './createAnchor';
export { shiftAnchorForEdit, shiftAnchorForEdits, type ContentChange, type ShiftResult } from './shiftForEdit';
export {
  resolveAnchor,
  resolveAnchors,
  AnchorResolver,
  DEFAULT_THRESHOLD,
  DEFAULT_PLAUSIBLE,
  type AnchorResolution,
  type AnchorHistory,
  type ResolveOptions,
  type ResolverOptions,
  type ResolveMethod,
  type CandidateFile,
} from './resolveAnchor';
export type { DocumentSymbolInfo } from './symbols';
export { parseNameStatus, renamesFromGit, renamedPath, applyRenameEvents, type PathRename, type NameStatus } from './renames';
export { parseUnifiedDiff, findFileDiff, type FileDiff, type DiffHunk, type DiffLine } from './unifiedDiff';
export { diffLines, type ChangeBlock } from './lineDiff';
export { textHash, normalizeWhitespace } from './textHash';
export { maskAnchor, anchorSecrets, type MaskChoice } from './maskAnchor';
export { hasMasks, fillMasks, findExact } from './maskedText';
export { anchorHistory, type GitFileState, type GitPort } from './gitPort';
