import { runCli, type CliIo } from '../../../src/cli/cli';

/** What one `lore` run printed and how it exited. */
export interface LoreRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lore` in this process as a terminal would, with `io` for everything but the output, which is captured. */
export async function runLore(argv: string[], io: Omit<CliIo, 'stdout' | 'stderr'>): Promise<LoreRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    ...io,
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
  });
  return { code, stdout, stderr };
}
