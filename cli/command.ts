import type { OptionSpecs } from './args.ts';

/** One `roundbook` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpecs;
  /** Extra help text after the options (examples, output shape). */
  details?: string;
  run(
    positionals: string[],
    values: Record<string, string | boolean | string[] | undefined>,
  ): Promise<number>;
}

/** Options shared by every command that touches the database. */
export const DB_OPTION = {
  db: { type: 'string', default: 'data/roundbook.duckdb', description: 'DuckDB file to read and write' },
} as const;

export const JSON_OPTION = {
  json: { type: 'boolean', default: false, description: 'print machine-readable JSON' },
} as const;
