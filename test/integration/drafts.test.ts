import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { loreApi } from './support/lore';

// An obviously fake key of a shape the redaction rules detect (AWS's documented example).
const KEY = 'AKIAIOSFODNN7EXAMPLE';

const PAY = [
  'export interface Receipt { id: string }',
  '',
  '/**',
  ' * Charges the card once, rounding half-even to whole cents.',
  ` * Staging uses the key ${KEY}.`,
  ' */',
  'export function chargeCard(amount: number): Receipt {',
  '  const cents = Math.round(amount * 100);',
  '  return { id: String(cents) };',
  '}',
  '',
  'export const receipt = chargeCard(1);',
  '',
].join('\n');

describe('Drafts from code in a real VS Code', function () {
  this.timeout(90_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('sharing a function\'s body pre-fills the draft with its signature and doc comment, secrets masked', async () => {
    const api = await loreApi();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    fs.mkdirSync(vscode.Uri.joinPath(folder, 'drafts-it').fsPath, { recursive: true });
    const uri = vscode.Uri.joinPath(folder, 'drafts-it', 'pay.ts');
    fs.writeFileSync(uri.fsPath, PAY);
    const editor = await vscode.window.showTextDocument(uri);
    // The body's two lines, not the doc comment: the draft finds the declaration and its comment itself.
    editor.selection = new vscode.Selection(7, 0, 8, editor.document.lineAt(8).text.length);

    let done = false;
    const sharing = Promise.resolve(vscode.commands.executeCommand<string | undefined>('lore.shareSnippet')).finally(() => (done = true));
    // Enter on the title box (the proposed title) and on the tag picker (the suggested tags).
    for (let i = 0; i < 100 && !done; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const id = await sharing;
    assert.ok(id, 'the draft was created');
    const article = api.services.stores.get().getArticle(id)!;
    try {
      assert.equal(article.status, 'draft');
      assert.match(article.body, /^Shared from `drafts-it\/pay\.ts` \(lines 8-9/);
      assert.match(article.body, /### Symbol\n\n[^\n]*chargeCard[^\n]*\n\n```typescript\nexport function chargeCard\(amount: number\): Receipt \{\n```/);
      assert.match(article.body, /### Documentation\n\n```\nCharges the card once, rounding half-even to whole cents\.\nStaging uses the key <redacted: AWS access key>\.\n```/);
      assert.ok(!article.body.includes(KEY), 'the key in the doc comment is masked');
    } finally {
      api.services.stores.get().deleteArticle(id);
    }
  });
});
