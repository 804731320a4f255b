import { parseArgs as parseNodeArgs } from 'node:util';
import { LoreError, describeError } from '../core/errors';

/** `command positional… --option value --switch`, parsed by Node's `util.parseArgs` (strict). */
export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

export const USAGE = 'Usage: lore <command> [options]   (lore --help lists the commands and options)';

/** Every option the CLI knows. Switches are declared as booleans so they never take the next word as their value. */
const OPTIONS = {
  db: { type: 'string' },
  author: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  state: { type: 'string' },
  path: { type: 'string' },
  root: { type: 'string' },
  tag: { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  'team-folder': { type: 'string' },
  'fail-on': { type: 'string' },
  'review-after-days': { type: 'string' },
  workspace: { type: 'string' },
  json: { type: 'boolean' },
  create: { type: 'boolean' },
  join: { type: 'boolean' },
  git: { type: 'boolean' },
  held: { type: 'boolean' },
  'approve-held': { type: 'boolean' },
  'reject-held': { type: 'boolean' },
  update: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Bad command-line usage: the CLI prints it with the usage line and exits 2. */
export class UsageError extends LoreError {}

export function parseArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseNodeArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(usageProblem(error), USAGE);
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === true || typeof value === 'string') flags.set(name, value);
  }
  const positional = [...parsed.positionals];
  return { command: positional.shift(), positional, flags };
}

function usageProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = describeError(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message}.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing|ambiguous/.test(message) ? `${option ?? 'an option'} needs a value.` : `${option ?? 'a switch'} takes no value.`;
  }
  return message;
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
