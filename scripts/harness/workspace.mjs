// Scratch copies of the demo workspace, so tests and demos never dirty the checkout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshRunDir } from './codeServer.mjs';
import { demoWorkspace } from './paths.mjs';

/** A fresh copy of demo/workspace under .vscode-test/runs/<label>-XXXX/workspace. */
export function workspaceCopy(label) {
  const target = path.join(freshRunDir(label), 'workspace');
  fs.cpSync(demoWorkspace, target, { recursive: true });
  return target;
}
