import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually, loreApi } from './support/lore';

// Issue 13, "Recognition and knowledge flow": Lore: Show Team Knowledge.
describe('Team Knowledge view in a real VS Code', function () {
  this.timeout(60_000);
  const suffix = Date.now().toString(36);

  it('opens from its command, draws its three charts under the CSP, follows changes and exports CSV', async () => {
    const api = await loreApi();
    const store = api.services.stores.get();
    const alpha = `Alpha ${suffix}`;
    // A hostile team name: it must reach the view and the CSV as text.
    const beta = `<img src=x onerror=alert(1)> =Beta, "${suffix}"`;
    const runbook = store.createArticle({ title: `Alpha runbook ${suffix}`, team: alpha, status: 'published' });
    store.createArticle({ title: `Beta guide ${suffix}`, body: `Start from [[Alpha runbook ${suffix}]].`, team: beta, status: 'published' });

    const panel = api.knowledge.teamKnowledge;
    const drawn = new Promise<{ charts: number; error?: string }>((resolve) => {
      const subscription = panel.onDidDraw((d) => {
        subscription.dispose();
        resolve(d);
      });
    });
    await vscode.commands.executeCommand('lore.showTeamKnowledge');
    assert.ok(panel.isOpen, 'the command opens the Team Knowledge panel');
    // The webview tells the extension what it drew: Chart.js ran under the CSP (no eval) and drew the bar, heat map and line charts.
    assert.deepEqual(await drawn, { charts: 3 });

    const cell = () => {
      const figures = panel.shownFigures!;
      const i = figures.matrixTeams.indexOf(alpha);
      const j = figures.matrixTeams.indexOf(beta);
      return i < 0 || j < 0 ? undefined : figures.k[i][j];
    };
    assert.deepEqual(cell(), { reads: 0, links: 1, votes: 0, total: 1 }, 'Beta links to Alpha\'s knowledge once');

    store.createArticle({ title: `Beta FAQ ${suffix}`, body: `See [[Alpha runbook ${suffix}]] first.`, team: beta, status: 'published' });
    await eventually('the view to count the second link', () => cell()?.links === 2);
    await eventually('the view to draw the new figures', () => panel.lastDrawn?.charts === 3);

    const file = vscode.Uri.file(path.join(os.tmpdir(), `team-knowledge-${suffix}.csv`));
    await panel.exportCsv(file);
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    assert.ok(csv.includes(`\r\n"<img src=x onerror=alert(1)> =Beta, ""${suffix}""",`), 'the hostile team name is one quoted field');
    assert.ok(csv.includes(`${alpha},"<img src=x onerror=alert(1)> =Beta, ""${suffix}""",0,2,0,2`), 'the matrix row of the two teams');
    assert.ok(store.getArticle(runbook.id), 'nothing was changed by looking');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(panel.isOpen, false, 'closing the tab closes the panel');
  });
});
