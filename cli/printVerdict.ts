import type { VerdictAnswer, VerdictResult } from '../analysis/derive/index.ts';
import { formatPercent } from '../analysis/stats/index.ts';
import { paint } from './colour.ts';
import { terminalText } from './terminalText.ts';

const pct = (x: number | null) => (x === null ? '–' : formatPercent(x, { significant: 3 }));

function answerLine(v: VerdictAnswer, c: ReturnType<typeof paint>): string {
  const word = v.answer.toUpperCase();
  const coloured = v.answer === 'safe' ? c.green(word) : v.answer === 'unsafe' ? c.red(word) : c.yellow(word);
  return `${c.bold(coloured)}  ${terminalText(v.config)}`;
}

/** Prints a verdict and its evidence for people: the answer first, then numbers, then what was used and left out. */
export function printVerdict(result: VerdictResult, out: NodeJS.WriteStream = process.stdout): void {
  const c = paint(out);
  const write = (s = '') => out.write(`${s}\n`);
  const show = (v: VerdictAnswer, indent = '') => {
    write(`${indent}${answerLine(v, c)}`);
    write(`${indent}  ${terminalText(v.sentence)}`);
    if (v.trials > 0) {
      write(
        `${indent}  ${v.headline === 'attempt' ? 'per-attempt' : 'per-round'} crash rate ${pct(v.crash_rate)} [${pct(v.lower)}, ${pct(v.upper)}]` +
          (v.round_crash_rate !== null
            ? `; per-round ${pct(v.round_crash_rate)} [${pct(v.round_lower)}, ${pct(v.round_upper)}]`
            : '') +
          (v.sprt_state ? `; SPRT: ${v.sprt_state}` : ''),
      );
    }
    if (v.used.length) {
      write(c.dim(`${indent}  used:`));
      for (const u of v.used.slice(0, 8)) write(c.dim(`${indent}    ${terminalText(u)}`));
      if (v.used.length > 8) write(c.dim(`${indent}    … and ${v.used.length - 8} more`));
    }
    if (v.excluded.length) {
      write(c.dim(`${indent}  left out:`));
      for (const u of v.excluded.slice(0, 8)) write(c.dim(`${indent}    ${terminalText(u)}`));
      if (v.excluded.length > 8) write(c.dim(`${indent}    … and ${v.excluded.length - 8} more`));
    }
  };
  const r = result.request;
  write(
    c.bold(
      `Verdict for fix ${terminalText(r.fix ?? 'any')}, torch ${terminalText(r.torch ?? 'any')}, ${r.threads ?? 'any'} threads, wrapper ${r.wrapper ?? 'any'} ` +
        `(crash rate below ${pct(r.maxCrashRate)} at ${pct(r.confidence)} confidence)`,
    ),
  );
  if (result.overall.answer === 'refused' && result.environments.length) {
    write(`  ${terminalText(result.overall.sentence)}`);
    write('  Per environment:');
    for (const v of result.environments) show(v, '    ');
  } else show(result.overall, '  ');
}
