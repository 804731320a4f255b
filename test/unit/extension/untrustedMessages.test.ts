import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { repoRoot, sourceFiles } from './extensionSources';

/**
 * VS Code turns `[label](command:…)` in a notification, a file-system error, an input box's prompt
 * or a quick input's validation message into a link that runs the command. Every message Lore shows is either its own words (a string literal) or
 * built with `plainMessage\`…${value}…\`` / `plainText(value)` (src/core/plainText.ts), which
 * break such links. This finds any message built another way: a template, a concatenation or
 * a variable that could carry a teammate's title, path or an error quoting them.
 */
const MESSAGE_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
const FILE_SYSTEM_ERRORS = new Set(['FileSystemError', 'FileNotFound', 'FileExists', 'FileNotADirectory', 'FileIsADirectory', 'NoPermissions', 'Unavailable']);

function isSafeText(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isSafeText(node.expression);
  if (ts.isConditionalExpression(node)) return isSafeText(node.whenTrue) && isSafeText(node.whenFalse);
  if (ts.isTaggedTemplateExpression(node)) return node.tag.getText() === 'plainMessage';
  if (ts.isCallExpression(node)) return node.expression.getText() === 'plainText';
  return false;
}

function calleeName(node: ts.Expression): string {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isIdentifier(node)) return node.text;
  return '';
}

/** `file:line  code` for each message argument that is not safe text. */
export function unsafeMessages(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${fileName}:${line + 1}  ${node.getText().slice(0, 100)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && MESSAGE_CALLS.has(calleeName(node.expression))) {
      for (const arg of node.arguments) {
        if (ts.isObjectLiteralExpression(arg)) {
          for (const prop of arg.properties) {
            if (ts.isPropertyAssignment(prop) && prop.name.getText() === 'detail' && !isSafeText(prop.initializer)) report(prop);
            if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === 'detail') report(prop);
          }
        } else if (!isSafeText(arg)) {
          report(arg);
        }
      }
    }
    // An input box's prompt and a quick input's validation message render links the same way.
    if (ts.isPropertyAssignment(node) && /^(prompt|validationMessage)$/.test(node.name.getText()) && !isSafeText(node.initializer)) report(node);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && /\.validationMessage$/.test(node.left.getText()) && !isSafeText(node.right)) report(node);
    // File-system errors are shown by VS Code in a notification too ("Failed to save …: message").
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && FILE_SYSTEM_ERRORS.has(calleeName(node.expression))
      && node.expression.getText().includes('FileSystemError')) {
      for (const arg of node.arguments ?? []) {
        if ((ts.isTemplateExpression(arg) || ts.isBinaryExpression(arg)) && !isSafeText(arg)) report(arg);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const root = repoRoot;

describe('Messages that VS Code shows', () => {
  it('never carry a value that is not passed through plainMessage or plainText', () => {
    const files = sourceFiles(path.join(root, 'src/extension'));
    const unsafe = files.flatMap((file) => unsafeMessages(path.relative(root, file), fs.readFileSync(file, 'utf8')));
    assert.deepEqual(unsafe, [], `Build these messages with plainMessage\`…\` (src/core/plainText.ts):\n${unsafe.join('\n')}`);
  });

  it('are all found by the check', () => {
    // Counts the calls so that a renamed API cannot make the check above pass by finding nothing.
    const files = sourceFiles(path.join(root, 'src/extension'));
    const calls = files.map((file) => fs.readFileSync(file, 'utf8').match(/show(Information|Warning|Error)Message\(/g)?.length ?? 0)
      .reduce((a, b) => a + b, 0);
    assert.ok(calls >= 25, `only ${calls} message calls found`);
  });

  it('flags a title, a concatenation, a variable, a detail or a prompt given raw', () => {
    const flagged = unsafeMessages('x.ts', [
      'vscode.window.showWarningMessage(`Delete "${article.title}"?`);',
      'vscode.window.showErrorMessage("Lore: " + message);',
      'vscode.window.showInformationMessage(message, "Open");',
      'vscode.window.showWarningMessage("Delete?", { modal: true, detail: thread.summary }, "Delete");',
      'throw new vscode.FileSystemError(`Could not save ${title}`);',
      'vscode.window.showInputBox({ prompt: `Rename ${article.title}` });',
      'picker.validationMessage = `${path} is taken`;',
    ].join('\n'));
    assert.equal(flagged.length, 7, flagged.join('\n'));
  });

  it('accepts Lore\'s own words and values passed through the helpers', () => {
    const flagged = unsafeMessages('x.ts', [
      'vscode.window.showWarningMessage(plainMessage`Delete "${article.title}"?`, { modal: true, detail: plainText(summary) }, "Delete");',
      'vscode.window.showInformationMessage(by === "tag" ? "No tag." : `No team.`);',
      'throw vscode.FileSystemError.FileNotFound(uri);',
    ].join('\n'));
    assert.deepEqual(flagged, []);
  });
});
