import type { EnvironmentAnswer, EvidenceLine, VerdictResult } from '../analysis/derive/index.ts';
import { formatPercent } from '../analysis/stats/index.ts';
import { environmentWords, requestWords } from './bottomLine.ts';
import { paint } from './colour.ts';
import { terminalText } from './terminalText.ts';

const pct = (x: number | null) => (x === null ? '–' : formatPercent(x, { significant: 3 }));

function answerWord(answer: string | null, c: ReturnType<typeof paint>): string {
  const word = (answer ?? 'no_evidence').toUpperCase();
  return answer === 'safe' ? c.green(word) : answer === 'unsafe' ? c.red(word) : c.yellow(word);
}

const ATTRIBUTE_NAMES = {
  fix_variant: 'fix',
  torch: 'torch',
  threads: 'threads',
  wrapper: 'wrapper',
  workload: 'workload',
  serialised: 'serialised',
} as const;

/** "threads 8 (file:21), fix v2.4_nr (series:…:5)": every attribute of a line not stated on its row, and its source. */
export function inferredText(e: EvidenceLine): string {
  const value = {
    fix_variant: e.fix_variant,
    torch: e.torch_version,
    threads: e.threads,
    wrapper: e.wrapper,
    workload: e.workload,
    serialised: e.serialised,
  };
  return Object.entries(e.inferred)
    .map(([a, from]) => {
      const name = ATTRIBUTE_NAMES[a as keyof typeof ATTRIBUTE_NAMES];
      const v = value[a as keyof typeof value];
      return from === 'unknown' ? `${name} ? (not stated)` : `${name} ${v ?? '?'} (${from})`;
    })
    .join(', ');
}

/**
 * Prints a verdict and its evidence for people: the bottom line first (when
 * given), the request's answer, then each environment with what it used and left out.
 */
export function printVerdict(
  result: VerdictResult & { bottom_line?: string },
  out: NodeJS.WriteStream = process.stdout,
): void {
  const c = paint(out);
  const write = (s = '') => out.write(`${s}\n`);
  const evidence = (lines: readonly EvidenceLine[], indent: string) => {
    for (const e of lines.slice(0, 8)) {
      write(
        c.dim(`${indent}${terminalText(`${e.group_id} (${e.origin}, ${e.rounds} rounds): ${e.reason}`)}`),
      );
      const inferred = inferredText(e);
      if (inferred) write(c.dim(`${indent}  ${terminalText(inferred)}`));
    }
    if (lines.length > 8) write(c.dim(`${indent}… and ${lines.length - 8} more`));
  };
  const show = (v: EnvironmentAnswer, indent: string) => {
    const labels = [
      v.throttled ? c.yellow(`throttled (serialised ${v.serialised})`) : null,
      v.serialised === null ? 'serialisation not stated' : null,
      v.torch_builds.length ? `torch builds ${v.torch_builds.join(', ')}` : null,
      v.decides ? null : 'does not decide the request',
    ].filter((x) => x !== null);
    write(`${indent}${c.bold(answerWord(v.answer, c))}  ${terminalText(environmentWords(v))}`);
    if (labels.length) write(`${indent}  ${terminalText(labels.join('; '))}`);
    write(`${indent}  ${terminalText(v.sentence ?? '')}`);
    if ((v.trials ?? 0) > 0) {
      write(
        `${indent}  ${v.headline === 'attempt' ? 'per-attempt' : 'per-round'} failure rate ${pct(v.crash_rate)} [${pct(v.lower)}, ${pct(v.upper)}] (${v.procedure ?? 'always-valid'})` +
          // Per-round beside only when the headline is per-attempt; else it is the headline again.
          (v.headline === 'attempt' && v.round_crash_rate !== null
            ? `; per-round ${pct(v.round_crash_rate)} [${pct(v.round_lower)}, ${pct(v.round_upper)}]`
            : '') +
          (v.fixed_n_answer ? `; fixed-n: ${v.fixed_n_answer}` : '') +
          (v.dispersion !== null && v.dispersion > 1 && (v.heterogeneity_p ?? 1) < 0.05
            ? `; groups disagree (dispersion ${v.dispersion.toFixed(2)}): random-effects bound`
            : ''),
      );
    }
    const used = v.evidence.filter((e) => e.used);
    const left = v.evidence.filter((e) => !e.used);
    if (used.length) {
      write(c.dim(`${indent}  used:`));
      evidence(used, `${indent}    `);
    }
    if (left.length) {
      write(c.dim(`${indent}  left out:`));
      evidence(left, `${indent}    `);
    }
  };
  const r = result.request;
  if (result.bottom_line) write(c.bold(terminalText(result.bottom_line)));
  write(
    `Verdict for ${terminalText(requestWords(r))}${r.serialised ? '' : ', unserialised'} ` +
      `(failure rate below ${pct(r.maxCrashRate)} at ${pct(r.confidence)} confidence)`,
  );
  write(`  ${c.bold(answerWord(result.answer, c))}  ${terminalText(result.sentence)}`);
  if (result.pooled)
    write(
      c.dim(
        `  ${terminalText(result.pooled.sentence)} (beside, never instead of, the answers per environment)`,
      ),
    );
  if (result.environments.length) {
    write('  Per environment:');
    for (const v of result.environments) show(v, '    ');
  }
}
