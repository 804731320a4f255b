import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What a Lore webview page loads: its bundle in dist/webview, its CSS in media, and what its body holds. */
export interface WebviewPage {
  /** File name in dist/webview, e.g. `article.js`. */
  script: string;
  /** File name in media, e.g. `article.css`. */
  style: string;
  title: string;
  /** The HTML inside <body>, before the script (Lore's own markup: no teammate's text). */
  body: string;
  /** Sources images may come from besides none at all (`data:`, listed hosts). */
  imageSources?: readonly string[];
  /** Sources workers may be started from (the graph view's layout worker: `blob:`); none when absent. */
  workerSources?: readonly string[];
}

/** The folders a Lore webview may load files from (its bundles and CSS). */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

/**
 * A Lore webview's document under a strict CSP: nothing by default, CSS and fonts only from the
 * extension, images only from the sources given, and only Lore's own bundle as script (a fresh
 * nonce per document, no inline script, no eval), workers only from the sources given. Every
 * Lore webview is built here.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${page.imageSources?.length ? page.imageSources.join(' ') : "'none'"}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    ...(page.workerSources?.length ? [`worker-src ${page.workerSources.join(' ')}`] : []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
