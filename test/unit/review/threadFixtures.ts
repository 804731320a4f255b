import type { ReviewComment, ReviewThread, TextRange } from '../../../src/core/model';

let counter = 0;

/** A review thread as the store returns it, with whatever fields a test cares about changed. */
export function makeThread(overrides: Partial<ReviewThread> & { path?: string; range?: TextRange; bodies?: string[] } = {}): ReviewThread {
  counter++;
  const id = overrides.id ?? `t${String(counter).padStart(31, '0')}`;
  const range = overrides.range ?? { startLine: 11, startCharacter: 0, endLine: 17, endCharacter: 1 };
  const bodies = overrides.bodies ?? ['This cache never evicts.'];
  const comments: ReviewComment[] = overrides.comments ?? bodies.map((body, i) => ({
    id: `${id}-c${i}`,
    threadId: id,
    author: i % 2 === 0 ? 'Ada' : 'Bob',
    body,
    createdAt: `2026-01-0${1 + i}T09:30:00.000Z`,
    updatedAt: `2026-01-0${1 + i}T09:30:00.000Z`,
  }));
  const { path, range: _r, bodies: _b, ...rest } = overrides;
  return {
    id,
    kind: 'bug',
    state: 'open',
    anchorState: 'attached',
    author: 'Ada',
    createdAt: '2026-01-01T09:30:00.000Z',
    updatedAt: '2026-01-01T09:30:00.000Z',
    ...rest,
    anchor: overrides.anchor ?? {
      path: path ?? 'src/cache.ts',
      range,
      text: 'function get(key) {\n  return cache[key];\n}',
      contextBefore: '',
      contextAfter: '',
      hash: 'a1b2c3d4e5f6',
    },
    comments,
  };
}
