import * as vscode from 'vscode';
import type { TextRange } from '../../core/model';

export function toVsRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter);
}

export function fromVsRange(range: vscode.Range): TextRange {
  return { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character };
}
