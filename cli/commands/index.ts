import type { Command } from '../command.ts';
import { ingestCommand } from './ingest.ts';
import { queryCommand } from './query.ts';

/** Every sub-command, in the order `roundbook --help` lists them. */
export const COMMANDS: Command[] = [ingestCommand, queryCommand];
