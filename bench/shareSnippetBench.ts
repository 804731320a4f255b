/**
 * Share-snippet core latency: from a selection in a real source file to the saved article
 * (anchor, secret scan, masking, one store transaction), beside a baseline measured in the same
 * run: saving the same code as an article with no anchor and no scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftSnippets, maskSnippet } from '../src/core/articles/snippetShare';
import { LoreStore } from '../src/core/store/loreStore';
import { loadSqliteDriver } from '../src/core/store/sqliteDriverLoader';

interface BenchSection {
  name: string;
  metrics: Record<string, number | string>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function sourceFiles(): string[] {
  const candidates = ['node_modules/typescript/lib/typescript.js', 'node_modules/lunr/lunr.js', 'node_modules/markdown-it/dist/markdown-it.js', 'node_modules/highlight.js/lib/core.js'];
  return candidates.filter((f) => fs.existsSync(f));
}

export async function runShareSnippetBench(): Promise<BenchSection[]> {
  const driver = loadSqliteDriver();
  const files = sourceFiles().map((f) => ({ path: f.replace(/^node_modules\//, ''), text: fs.readFileSync(f, 'utf8') }));
  if (!files.length) return [{ name: 'share snippet', metrics: { note: 'no source files found in node_modules' } }];
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'lore-share-bench-'));
  const store = LoreStore.open(path.join(dir, 'lore.db'), { driver, author: 'bench' });
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const shares: number[] = [];
  const baseline: number[] = [];
  const RUNS = 300;
  for (let i = 0; i < RUNS; i++) {
    const file = files[i % files.length];
    const lines = file.text.split('\n');
    const start = Math.floor(random() * Math.max(1, lines.length - 40));
    const length = 5 + Math.floor(random() * 35);
    const end = Math.min(lines.length - 1, start + length);
    const range = { startLine: start, startCharacter: 0, endLine: end, endCharacter: lines[end].length };

    let t = performance.now();
    const drafts = draftSnippets({ documentText: file.text, path: file.path, language: 'javascript', selections: [range] });
    const snippets = drafts.map((d) => maskSnippet(d, new Set(d.findings.map((f) => f.id))));
    store.createArticle({ title: `Snippet ${i}`, tags: ['bench'], snippets });
    shares.push(performance.now() - t);

    const code = lines.slice(start, end + 1).join('\n');
    t = performance.now();
    store.createArticle({ title: `Plain ${i}`, tags: ['bench'], body: code });
    baseline.push(performance.now() - t);
  }
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  shares.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  const p50 = percentile(shares, 50);
  const base50 = percentile(baseline, 50);
  return [{
    name: 'share snippet (selection → saved draft, core only)',
    metrics: {
      'runs': RUNS,
      'p50 ms': +p50.toFixed(2),
      'p95 ms': +percentile(shares, 95).toFixed(2),
      'baseline p50 ms (save same code, no anchor/scan)': +base50.toFixed(2),
      'ratio p50 vs baseline': +(p50 / base50).toFixed(2),
      'files': files.map((f) => f.path).join(', '),
    },
  }];
}

if (require.main === module) {
  void runShareSnippetBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
