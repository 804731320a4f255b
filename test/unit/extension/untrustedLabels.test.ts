import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { repoRoot, sourceFiles } from './extensionSources';

/**
 * VS Code draws `$(name)` in a quick pick item's label, description and detail as an icon. Every
 * such text Lore builds is either its own words (a literal, or a template whose values are Lore's
 * own, listed in LORE_WORDS) or passes the value through `labelText()` (src/core/labelText.ts),
 * so a teammate's `$(verified)` reads as written. This finds an item built another way.
 */
const ITEM_TEXT = new Set(['label', 'description', 'detail']);

/**
 * Calls and names whose text is Lore's own words or numbers, never a teammate's (`n.label`: a
 * review note's code lens entry, built with labelText where the lens is made; `status`, `group`:
 * members of Lore's own lists, ARTICLE_STATUSES and the group-by choices).
 */
const LORE_WORDS = /^(labelText|plural|articleCount|count|check|undefined|n|kindInfo\(.*\)\.emoji|k\.(emoji|title|description)|VOTE_REASON_LABELS\[r\]|FORMAT_INFO\[f\]\.(title|description)|descriptions\[status\]|status|group|UNNAMED_GROUP\[by\]|NEW|finding\.(label|confidence)|o\.label|n\.label|[\w.]+\.length)$/;

function isLoreText(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isLoreText(node.expression);
  if (ts.isConditionalExpression(node)) return isLoreText(node.whenTrue) && isLoreText(node.whenFalse);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isLoreText(span.expression));
  if (ts.isBinaryExpression(node)) return isLoreText(node.left) && isLoreText(node.right);
  // [a, b].filter(Boolean).join(' · ') of Lore's words.
  if (ts.isCallExpression(node) && /\.filter\(Boolean\)\.join$/.test(node.expression.getText())) {
    const list = ((node.expression as ts.PropertyAccessExpression).expression as ts.CallExpression).expression;
    const array = ts.isPropertyAccessExpression(list) ? list.expression : undefined;
    return !!array && ts.isArrayLiteralExpression(array) && array.elements.every((e) => isLoreText(e as ts.Expression));
  }
  if (ts.isCallExpression(node)) return LORE_WORDS.test(node.expression.getText());
  return LORE_WORDS.test(node.getText());
}

/** `file:line  code` for each quick pick item text that is neither Lore's words nor through labelText. */
export function unsafeLabels(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    // A quick pick item: an object literal with a label (not a message's options, not an accessibility label).
    if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => p.name?.getText() === 'label')
      && !(ts.isPropertyAssignment(node.parent) && node.parent.name.getText() === 'accessibilityInformation')) {
      for (const prop of node.properties) {
        const name = prop.name?.getText() ?? '';
        if (!ITEM_TEXT.has(name)) continue;
        if (ts.isShorthandPropertyAssignment(prop) || (ts.isPropertyAssignment(prop) && !isLoreText(prop.initializer))) {
          const { line } = file.getLineAndCharacterOfPosition(prop.getStart());
          found.push(`${fileName}:${line + 1}  ${prop.getText().slice(0, 100)}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const root = repoRoot;

describe('Quick pick items that VS Code shows', () => {
  it('never carry a teammate\'s text that is not passed through labelText', () => {
    const files = sourceFiles(path.join(root, 'src/extension')).filter((file) => /\b(showQuickPick|createQuickPick)\b/.test(fs.readFileSync(file, 'utf8')));
    const unsafe = files.flatMap((file) => unsafeLabels(path.relative(root, file), fs.readFileSync(file, 'utf8')));
    assert.deepEqual(unsafe, [], `Pass these values through labelText() (src/core/labelText.ts):\n${unsafe.join('\n')}`);
  });

  it('flags a title, a tag, an excerpt or a path given raw, and accepts them through labelText', () => {
    const flagged = unsafeLabels('x.ts', [
      'const a = { label: r.title, description: r.tags.join(" "), detail: r.excerpt };',
      'const b = { label: `$(book) ${a.title}`, description };',
      'const c = { label: `Notes in ${activePath}` };',
    ].join('\n'));
    assert.equal(flagged.length, 6, flagged.join('\n'));
    assert.deepEqual(unsafeLabels('x.ts', [
      'const a = { label: labelText(r.title), description: labelText(r.tags.join(" ")), detail: "Lore article" };',
      'const b = { label: `$(book) ${labelText(a.title)}`, description: plural(n, "step") };',
      'const c = { accessibilityInformation: { label: `${t.title} at ${path}` } };',
    ].join('\n')), []);
  });
});
