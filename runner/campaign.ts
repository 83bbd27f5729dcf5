/**
 * Reads a campaign file (YAML) into a validated `Campaign`. Every error names
 * the file, the line and the field: `demo.yaml:7: retry.attempts: …`.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { type CampaignSpec, campaignSchema } from './campaignSchema.ts';

/** A validated campaign: the spec with defaults, plus where it came from. */
export interface Campaign extends CampaignSpec {
  /** Campaign name (the `campaign:` field, else the file's base name). */
  name: string;
  /** The file it was read from (as given). */
  file: string;
  /** The argv to run (for `shell: true`, the shell command as one string in `[0]`). */
  argv: string[];
  /** Absolute working directory of every attempt. */
  cwdAbs: string;
}

/** A campaign file that cannot be used; `message` already names file, line and field. */
export class CampaignError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}${line != null ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${reason}`);
    this.name = 'CampaignError';
  }
}

/** Reads and validates a campaign file; throws `CampaignError` (the first problem) when it is not valid. */
export function loadCampaign(path: string, cwd = process.cwd()): Campaign {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CampaignError(path, null, '', `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  return parseCampaign(text, path, cwd);
}

/**
 * Validates campaign YAML text. `file` is used in messages and for the default
 * name. Throws `CampaignError` for the first problem (in document order).
 */
export function parseCampaign(text: string, file: string, cwd = process.cwd()): Campaign {
  const errors = campaignErrors(text, file);
  if (errors.errors.length) throw errors.errors[0];
  const spec = errors.spec as CampaignSpec;
  const name = spec.campaign ?? basename(file, extname(file));
  const argv = typeof spec.command === 'string' ? [spec.command] : spec.command;
  return { ...spec, name, file, argv, cwdAbs: resolve(cwd, spec.cwd) };
}

/** Every problem of a campaign text, sorted by line (for tests and `--dry-run`). */
export function campaignErrors(text: string, file: string): { errors: CampaignError[]; spec?: CampaignSpec } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset == null ? null : lineCounter.linePos(offset).line);
  if (doc.errors.length) {
    return {
      errors: doc.errors.map((e) => new CampaignError(file, lineAt(e.pos[0]), '', yamlReason(e.message))),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // yaml refuses to expand aliases past a limit (a "billion laughs" document): point at the first alias.
    const reason = `YAML aliases expand too far: ${(err as Error).message.split('\n')[0]}`;
    return { errors: [new CampaignError(file, firstAliasLine(doc, lineAt), '', reason)] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return {
      errors: [new CampaignError(file, 1, '', 'a campaign is a mapping of fields (command, configs, …)')],
    };
  const result = campaignSchema.safeParse(data);
  const errors: CampaignError[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) errors.push(issueError(issue, doc, file, lineAt, data));
  } else {
    errors.push(...semanticErrors(result.data, doc, file, lineAt));
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { errors, spec: result.success ? result.data : undefined };
}

type LineAt = (offset: number | undefined) => number | null;
type Doc = ReturnType<typeof parseDocument>;

function issueError(
  issue: z.core.$ZodIssue,
  doc: Doc,
  file: string,
  lineAt: LineAt,
  data: unknown,
): CampaignError {
  const path = issue.path.map(String);
  let value: unknown = data;
  for (const k of path)
    value = value != null && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
  if (value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom')
    return new CampaignError(file, lineOf(doc, path, lineAt), path.join('.'), 'required field missing');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const keyLine = keyLineOf(doc, path, key, lineAt);
    return new CampaignError(file, keyLine, [...path, key].join('.'), 'unknown field');
  }
  return new CampaignError(file, lineOf(doc, path, lineAt), path.join('.') || '(top)', issue.message);
}

/** Line of the value at `path`, else of the nearest existing parent. */
function lineOf(doc: Doc, path: string[], lineAt: LineAt): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      // A missing field: point at the parent's key line rather than its first child.
      if (n < path.length && n > 0) return keyLineOf(doc, path.slice(0, n - 1), path[n - 1], lineAt);
      return lineAt(node.range[0]);
    }
  }
  return 1;
}

function keyLineOf(doc: Doc, parent: string[], key: string, lineAt: LineAt): number | null {
  const map = parent.length ? doc.getIn(parent, true) : doc.contents;
  if (isMap(map)) {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === key && item.key.range)
        return lineAt(item.key.range[0]);
    }
    if (map.range) return lineAt(map.range[0]);
  }
  return 1;
}

function semanticErrors(spec: CampaignSpec, doc: Doc, file: string, lineAt: LineAt): CampaignError[] {
  const out: CampaignError[] = [];
  const at = (path: string[]) => lineOf(doc, path, lineAt);
  if (typeof spec.command === 'string' && !spec.shell)
    out.push(
      new CampaignError(
        file,
        at(['command']),
        'command',
        'a string runs through a shell: give an argv list, or set shell: true',
      ),
    );
  if (spec.seed !== undefined && spec.order !== 'randomized')
    out.push(new CampaignError(file, at(['seed']), 'seed', 'a seed only applies to order: randomized'));
  const seen = new Map<string, string>();
  for (const [name, cfg] of Object.entries(spec.configs)) {
    const key = JSON.stringify(cfg.labels);
    const other = seen.get(key);
    if (other !== undefined && Object.values(cfg.labels).some((v) => v != null))
      out.push(
        new CampaignError(
          file,
          at(['configs', name, 'labels']),
          `configs.${name}.labels`,
          `same labels as config ${JSON.stringify(other)}: rounds of the two could not be told apart`,
        ),
      );
    seen.set(key, name);
  }
  if (spec.shard) {
    const [i, n] = spec.shard.split('/').map(Number);
    if (n < 1 || i < 1 || i > n)
      out.push(
        new CampaignError(file, at(['shard']), 'shard', `shard ${spec.shard}: I must be between 1 and N`),
      );
  }
  return out;
}

/** Line of the document's first alias (`*name`), else 1. */
function firstAliasLine(doc: Doc, lineAt: LineAt): number {
  let line: number | null = null;
  visit(doc, {
    Alias(_, node) {
      line = lineAt(node.range?.[0]);
      return visit.BREAK;
    },
  });
  return line ?? 1;
}

function yamlReason(message: string): string {
  return `YAML syntax: ${message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '')}`;
}
