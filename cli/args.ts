/**
 * A small argument parser shared by every command: positionals, `--flag`,
 * `--key value` and `--key=value`. Unknown flags are an error naming the flag.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { didYouMean } from './didYouMean.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  default?: string | boolean;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export function parseCommandArgs(argv: string[], options: OptionSpecs): Parsed {
  const nodeOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    nodeOptions[name] = {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  try {
    const { values, positionals } = nodeParseArgs({
      args: argv,
      options: nodeOptions,
      allowPositionals: true,
      strict: true,
      allowNegative: false,
    });
    const out: Parsed['values'] = {};
    for (const [name, spec] of Object.entries(options)) {
      const v = (values as Record<string, unknown>)[name];
      out[name] = (v as string | boolean | string[] | undefined) ?? spec.default;
    }
    return { positionals, values: out };
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, '');
    const unknown = message.match(/^Unknown option '(--?[^']+)'/)?.[1];
    const guess = unknown ? didYouMean(unknown.replace(/^-+/, ''), Object.keys(options)) : null;
    throw new CliError(guess ? `${message}; did you mean --${guess}?` : message);
  }
}

export function formatHelp(usage: string, summary: string, options: OptionSpecs, extra = ''): string {
  const lines = [`Usage: ${usage}`, '', summary, ''];
  const entries = Object.entries(options);
  if (entries.length) {
    lines.push('Options:');
    for (const [name, spec] of entries) {
      const flag = `--${name}${spec.type === 'string' ? ' VALUE' : ''}`;
      const def = spec.default !== undefined && spec.default !== false ? ` (default: ${spec.default})` : '';
      lines.push(`  ${flag.padEnd(24)} ${spec.description}${def}`);
    }
  }
  if (extra) lines.push('', extra);
  return lines.join('\n');
}

/** Reads a numeric option or positional, naming it when it is not a number. */
export function numberArg(value: unknown, name: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n))
    throw new CliError(`${name}: expected a number, got ${JSON.stringify(value ?? null)}`);
  return n;
}

export function integerArg(value: unknown, name: string, min = 0): number {
  const n = numberArg(value, name);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${name}: expected an integer ≥ ${min}, got ${String(value)}`);
  return n;
}
