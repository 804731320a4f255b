import { createHash, randomBytes } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` fields dropped.
 * The same value always gives the same bytes, so content hashes agree across machines.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A new random id: 128 bits, URL- and file-name-safe. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}
