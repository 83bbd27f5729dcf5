import type { Command } from '../command.ts';
import { analyzeCommand } from './analyze.ts';
import { askCommand } from './ask.ts';
import { buildCommand } from './build.ts';
import { crashesCommand } from './crashes.ts';
import { ingestCommand } from './ingest.ts';
import { planCommand } from './plan.ts';
import { queryCommand } from './query.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { statsCommand } from './stats.ts';
import { verdictCommand } from './verdict.ts';

/** Every sub-command, in the order `roundbook --help` lists them. */
export const COMMANDS: Command[] = [
  buildCommand,
  runCommand,
  ingestCommand,
  analyzeCommand,
  reportCommand,
  verdictCommand,
  askCommand,
  planCommand,
  crashesCommand,
  queryCommand,
  statsCommand,
];
