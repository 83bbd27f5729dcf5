import { torchMatches, verdictFor } from '../../analysis/derive/index.ts';
import { Db } from '../../store/db.ts';
import { CliError } from '../args.ts';
import type { Command } from '../command.ts';
import { formatTable } from '../format.ts';
import { parseQuestion } from '../parseQuestion.ts';
import { printVerdict } from '../printVerdict.ts';
import { terminalJson, terminalText } from '../terminalText.ts';
import { requestFrom, VERDICT_OPTIONS } from './verdict.ts';

export const askCommand: Command = {
  name: 'ask',
  summary:
    'Answer a question in plain words: "is native 2.9.1 safe yet?", "is the v2.9 dylib still necessary?"',
  usage: 'roundbook ask "QUESTION" [--max-crash-rate 0.01] [--confidence 0.95] [--json] [--db FILE]',
  options: VERDICT_OPTIONS,
  details:
    'Safety questions give the verdict of `roundbook verdict` for the fix, PyTorch version, threads and wrapper named;\n' +
    'necessity questions give the comparisons of native against each dylib (from `roundbook analyze`).',
  async run(positionals, values) {
    const text = positionals.join(' ').trim();
    if (!text) throw new CliError('ask a question, e.g. roundbook ask "is native 2.9.1 safe yet?"');
    const question = parseQuestion(text);
    if (question.kind === 'unknown')
      throw new CliError(
        `cannot tell what "${text}" asks: ask whether a build is safe, or whether the dylib is necessary`,
      );
    const db = await Db.open(String(values.db));
    try {
      if (question.kind === 'safe') {
        const result = await verdictFor(db, requestFrom(values, question));
        if (values.json) process.stdout.write(`${terminalJson({ question, ...result })}\n`);
        else printVerdict(result);
        return 0;
      }
      const rows = (await db.tableExists('comparisons'))
        ? await db.all<Record<string, unknown>>('SELECT * FROM comparisons ORDER BY a_config, b_config')
        : [];
      const matching = rows.filter(
        (r) =>
          (question.fix === null || question.fix === 'native' || r.b_fix_variant === question.fix) &&
          torchMatches(question.torch, r.torch_version as string | null) &&
          (question.threads === null || r.threads === question.threads),
      );
      if (values.json) {
        process.stdout.write(`${terminalJson({ question, comparisons: matching })}\n`);
        return 0;
      }
      if (matching.length === 0) {
        process.stdout.write(
          'No comparison of native against a dylib on the same build, threads and wrapper: nothing to answer from yet.\n',
        );
        return 0;
      }
      for (const r of matching) process.stdout.write(`${terminalText(String(r.sentence))}\n`);
      process.stdout.write(
        `\n${formatTable(
          matching.map((r) => ({
            native: `${r.a_passed}/${r.a_total}`,
            dylib: `${r.b_fix_variant} ${r.b_passed}/${r.b_total}`,
            fisher_p: r.fisher_two_sided,
            p_native_better: r.prob_a_better,
            noninferior: r.noninferior,
            config: r.b_config,
          })),
        )}\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
