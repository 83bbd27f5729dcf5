import { ensureRawSchema } from '../../store/migrate.ts';
import { answerNecessity } from '../answerNecessity.ts';
import { answerVerdict } from '../answerVerdict.ts';
import { CliError } from '../args.ts';
import type { Command } from '../command.ts';
import { exitForAnswer, parseFailOn } from '../failOn.ts';
import { formatTable } from '../format.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { parseQuestion } from '../parseQuestion.ts';
import { printVerdict } from '../printVerdict.ts';
import { terminalJson, terminalText } from '../terminalText.ts';
import { crashesCommand } from './crashes.ts';
import { requestFrom, VERDICT_OPTIONS } from './verdict.ts';

export const askCommand: Command = {
  name: 'ask',
  summary:
    'Answer a question in plain words: "is native 2.9.1 safe yet?", "is the v2.9 dylib still necessary?"',
  usage: 'roundbook ask "QUESTION" [--max-crash-rate 0.01] [--confidence 0.95] [--json] [--db FILE]',
  options: VERDICT_OPTIONS,
  details:
    'Safety questions give the verdict of `roundbook verdict` for the fix, PyTorch version, threads and wrapper named;\n' +
    'necessity questions ("can we drop the dylib?", "native vs v2.3") give the comparisons of native against each\n' +
    'dylib (from `roundbook analyze`); "which crash is most common?" gives `roundbook crashes`. A question about a\n' +
    'session or scaling gets a pointer to where that answer is; one it cannot place says what it can answer (exit 2).\n' +
    'Safety answers start with their bottom line; --fail-on gates the exit code as in `roundbook verdict`.',
  async run(positionals, values) {
    const text = positionals.join(' ').trim();
    if (!text) throw new CliError('ask a question, e.g. roundbook ask "is native 2.9.1 safe yet?"');
    const first = parseQuestion(text);
    if (first.kind === 'unknown') throw new CliError(`cannot tell what "${text}" asks: ${first.refusal}`);
    if (first.refusal !== null) throw new CliError(`"${text}": ${first.refusal}`);
    if (first.kind === 'crashes') return crashesCommand.run([], values);
    const failOn = parseFailOn(values['fail-on']);
    const db = await openExistingDb(String(values.db), { readOnly: true });
    try {
      // Read again knowing the fix variants in the data: v2.4 is v2.4_nr when only that exists.
      await ensureRawSchema(db);
      const fixes = (
        await db.all<{ fix: string }>(
          'SELECT DISTINCT fix_variant AS fix FROM rounds WHERE fix_variant IS NOT NULL ORDER BY 1',
        )
      ).map((r) => r.fix);
      const question = parseQuestion(text, { fixes });
      if (question.kind === 'safe') {
        const result = await answerVerdict(db, requestFrom(values, question));
        if (values.json) process.stdout.write(`${terminalJson({ question, ...result })}\n`);
        else printVerdict(result);
        return exitForAnswer(result.answer, failOn);
      }
      // A necessity answer gates on no-evidence (no comparison) and undecided (any "cannot tell yet").
      const { answer, comparisons: matching, bottom_lines } = await answerNecessity(db, question);
      const exit = exitForAnswer(answer, failOn);
      if (values.json) {
        process.stdout.write(`${terminalJson({ question, answer, comparisons: matching })}\n`);
        return exit;
      }
      for (const line of bottom_lines) process.stdout.write(`${terminalText(line)}\n`);
      if (matching.length === 0) return exit;
      process.stdout.write(`${terminalText(matching[0].family ?? '')}\n`);
      const failed = (f: number | null, n: number | null) => (n === null ? '—' : `${f}/${n} failed`);
      process.stdout.write(
        `\n${formatTable(
          matching.map((r) => ({
            unit: r.unit,
            native_attempts: failed(r.a_failed_attempts, r.a_attempts),
            dylib_attempts: failed(r.b_failed_attempts, r.b_attempts),
            native_rounds: `${r.a_passed}/${r.a_total}`,
            dylib_rounds: `${r.b_fix_variant} ${r.b_passed}/${r.b_total}`,
            fisher_p: r.fisher_two_sided,
            holm_p: r.holm_p,
            p_native_better: r.prob_a_better,
            noninferior: r.noninferior,
            reading: r.reading,
            config: r.b_config,
          })),
        )}\n`,
      );
      return exit;
    } finally {
      db.close();
    }
  },
};
