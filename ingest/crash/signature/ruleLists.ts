import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../../store/packageFile.ts';

/** Bump when the signature code (not the data lists) changes what it produces. */
export const SIGNATURE_CODE_VERSION = 'siggen-ts/1';

/** The data half of the signature rules: skip and prefix lists plus the version they make. */
export interface SignatureRules {
  /** Frames dropped before anything else (never the culprit). */
  skip: RegExp[];
  /** Frames kept together with the next meaningful frame. */
  prefix: RegExp[];
  /** `SIGNATURE_CODE_VERSION` + a hash of both list files: recorded on every crash row. */
  version: string;
}

/**
 * Parses a rule list: one regular expression per line, matched against the
 * whole normalised frame; `#` comments and blank lines ignored. A line that is
 * not a valid expression throws, naming the list and line (the lists ship with
 * the code, so this is a programming error, not bad data).
 */
export function parseRuleList(text: string, name = 'rule list'): RegExp[] {
  const out: RegExp[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    try {
      out.push(new RegExp(`^(?:${line})$`));
    } catch (err) {
      throw new Error(`${name}:${i + 1}: bad pattern ${JSON.stringify(line)}: ${(err as Error).message}`);
    }
  });
  return out;
}

/**
 * Builds rules from the two list texts; the version is
 * `siggen-ts/1+` + the first 10 hex digits of sha256(code version, skip, prefix),
 * so any edit to a list, or a code version bump, gives a new version.
 */
export function makeRules(skipText: string, prefixText: string): SignatureRules {
  const hash = createHash('sha256')
    .update(SIGNATURE_CODE_VERSION)
    .update('\0')
    .update(skipText)
    .update('\0')
    .update(prefixText)
    .digest('hex')
    .slice(0, 10);
  return {
    skip: parseRuleList(skipText, 'skip.txt'),
    prefix: parseRuleList(prefixText, 'prefix.txt'),
    version: `${SIGNATURE_CODE_VERSION}+${hash}`,
  };
}

let cached: SignatureRules | null = null;

/** The shipped rules, read once from `rules/skip.txt` and `rules/prefix.txt` beside this module. */
export function defaultRules(): SignatureRules {
  if (!cached) {
    const read = (name: string) =>
      readFileSync(packageFile('ingest', 'crash', 'signature', 'rules', name), 'utf8');
    cached = makeRules(read('skip.txt'), read('prefix.txt'));
  }
  return cached;
}

/** Version of the shipped rules (what `rules_version` holds on freshly parsed crashes). */
export const RULES_VERSION: string = defaultRules().version;
