/**
 * `roundbook` entry: dispatches to a sub-command, maps errors to exit codes and
 * one-line messages (file and line when the error carries them). Only the
 * command that runs is loaded (cli/commands/index.ts).
 */
import { CliError, formatHelp, parseCommandArgs } from './args.ts';
import { endQuietlyOnClosedPipe } from './closedPipe.ts';
import { COMMANDS } from './commands/index.ts';
import { didYouMean } from './didYouMean.ts';
import { errorText, wantsJson } from './errorText.ts';
import { terminalLines, terminalText } from './terminalText.ts';
import { versionText } from './version.ts';

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
    process.stdout.write(
      `roundbook: stability experiments turned into evidence\n\nUsage: roundbook COMMAND [options]\n\nCommands:\n${list}\n\nRun \`roundbook COMMAND --help\` for a command's options.\n`,
    );
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`${versionText()}\n`);
    return 0;
  }
  const json = wantsJson(rest);
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(errorText(null, unknownCommandMessage(name), 2, json));
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${formatHelp(command.usage, command.summary, command.options, command.details)}\n`);
    return 0;
  }
  try {
    const { positionals, values } = parseCommandArgs(rest, command.options);
    return await command.run(positionals, values);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(errorText(name, err.message, err.exitCode, json));
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(errorText(name, message, 1, json));
    if (process.env.ROUNDBOOK_DEBUG && err instanceof Error)
      process.stderr.write(`${terminalLines(String(err.stack))}\n`);
    return 1;
  }
}

/** "unknown command "verdcit"; did you mean verdict? (see roundbook --help)". */
function unknownCommandMessage(name: string): string {
  const guess = didYouMean(
    name,
    COMMANDS.map((c) => c.name),
  );
  return `unknown command ${terminalText(JSON.stringify(name))}${guess ? `; did you mean ${guess}?` : ''} (see roundbook --help)`;
}

endQuietlyOnClosedPipe();
const code = await main(process.argv.slice(2));
process.exitCode = code;
