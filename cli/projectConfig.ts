/**
 * `roundbook.config.yaml`: where `roundbook build` reads and writes. Every key
 * is optional; the defaults live under `data/`, so a fresh clone builds the
 * embedded example data with no configuration at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CliError } from './args.ts';

const ProjectConfigSchema = z
  .object({
    db: z.string().default('data/roundbook.duckdb'),
    inputs: z.array(z.string()).default(['data/examples', 'data/rounds']),
    campaigns: z.array(z.string()).default(['data/campaigns/demo.yaml']),
    logs: z.string().default('data/rounds'),
    pages: z.array(z.string()).default(['pages']),
    out: z.string().default('site'),
    formats: z.array(z.enum(['html', 'md'])).default(['html', 'md']),
  })
  .strict();

export type ProjectConfig = z.infer<typeof ProjectConfigSchema> & { file: string | null; root: string };

export const CONFIG_FILE = 'roundbook.config.yaml';

/** Reads the config file (when present) and resolves every path against its folder. */
export function loadProjectConfig(
  file: string | null = existsSync(CONFIG_FILE) ? CONFIG_FILE : null,
): ProjectConfig {
  let raw: unknown = {};
  const lines = new LineCounter();
  if (file) {
    if (!existsSync(file))
      throw new CliError(
        `--config ${file}: no such file (leave --config out to use ./${CONFIG_FILE} when present, else the defaults under data/)`,
      );
    const text = readFileSync(file, 'utf8');
    const doc = parseDocument(text, { lineCounter: lines });
    if (doc.errors.length) {
      const e = doc.errors[0];
      throw new CliError(`${file}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`);
    }
    raw = doc.toJS() ?? {};
    const result = ProjectConfigSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const key = issue.path.join('.');
      const node = doc.getIn(issue.path, true) as { range?: [number] } | undefined;
      const line = node?.range ? lines.linePos(node.range[0]).line : 1;
      throw new CliError(`${file}:${line}: ${key || 'config'}: ${issue.message}`);
    }
  }
  const parsed = ProjectConfigSchema.parse(raw);
  const root = file ? dirname(resolve(file)) : process.cwd();
  const at = (p: string) => resolve(root, p);
  return {
    ...parsed,
    db: at(parsed.db),
    inputs: parsed.inputs.map(at),
    campaigns: parsed.campaigns.map(at),
    logs: at(parsed.logs),
    pages: parsed.pages.map(at),
    out: at(parsed.out),
    file,
    root,
  };
}
