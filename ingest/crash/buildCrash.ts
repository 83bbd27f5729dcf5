import { createHash } from 'node:crypto';
import type { CrashRow } from '../../store/rawTables.ts';
import { signatureOf } from './signature/index.ts';

/** A crash row before its signature is computed. */
export type CrashFacts = Omit<CrashRow, 'signature' | 'rules_version'>;

/** Completes a crash row with its signature and the rules version that made it. */
export function buildCrash(facts: CrashFacts): CrashRow {
  const { signature, rules_version } = signatureOf(facts);
  return { ...facts, signature, rules_version };
}

/**
 * A stable crash uid `PREFIX:` + the first 16 hex digits of sha256 of the
 * parts joined by NUL; used when a report has no incident identifier.
 */
export function hashedUid(prefix: string, parts: Array<string | number | null>): string {
  const hash = createHash('sha256')
    .update(parts.map((p) => (p === null ? '' : String(p))).join('\0'))
    .digest('hex');
  return `${prefix}:${hash.slice(0, 16)}`;
}
