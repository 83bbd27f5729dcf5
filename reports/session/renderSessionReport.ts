/**
 * A session's report in the team's own shape (the seed reports in
 * ../shared/seeds and the `verification_rounds_*` reports of the corpus):
 * `# Verification Rounds A–B - N=…`, Date, Worker or host, Summary, one
 * `### <configuration> (k rounds)` section per configuration with its pass
 * rate and 95% Wilson interval, Analysis (per attempt when the wrapper
 * retried; the always-valid verdict's answer and the rounds it still needs;
 * the comparisons), Individual Round Results, the session's crash reports,
 * and Cumulative Statistics (every round of each configuration so far).
 *
 * Pure: typed rows in, Markdown text out; no clock, no database. The first
 * line is the marker (store/sessionReportMarker.ts) that keeps ingest from
 * counting the report's rounds a second time.
 */
import { formatPercent, wilsonInterval } from '../../analysis/stats/index.ts';
import { SESSION_REPORT_MARKER_LINE } from '../../store/sessionReportMarker.ts';
import type { SessionBatch, SessionReportData, SessionRound, SessionVerdict } from './sessionTypes.ts';

/** A table cell or inline text: no line breaks, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '\\|');
}

const pct = (k: number, n: number) => (n > 0 ? formatPercent(k / n) : '–');

/** `17/20 (85.0%; 95% Wilson 64.0%–94.8%)`. */
function passLine(passed: number, total: number): string {
  if (total === 0) return '0/0';
  const w = wilsonInterval(passed, total);
  return `${passed}/${total} (${pct(passed, total)}; 95% Wilson ${formatPercent(w.lower)}–${formatPercent(w.upper)})`;
}

const passedOf = (rs: readonly SessionRound[]) => rs.filter((r) => r.status === 'pass').length;
const sum = (xs: readonly (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);
const known = <T>(xs: readonly (T | null)[]) => xs.filter((x): x is T => x !== null);

/** The rounds' numbers as `A–B` (or one number; `?` when none is numbered). */
function span(rounds: readonly SessionRound[], batches: readonly SessionBatch[]): string {
  const nos = [
    ...known(rounds.map((r) => r.round_no)),
    ...known(batches.flatMap((b) => [b.round_first, b.round_last])),
  ];
  if (nos.length === 0) return '?';
  const lo = Math.min(...nos);
  const hi = Math.max(...nos);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

function distinct<T>(xs: readonly (T | null)[]): T[] {
  return [...new Set(known(xs))].sort();
}

/** True when a configuration's rounds were retried by the wrapper (or could have been). */
function retried(rs: readonly SessionRound[]): boolean {
  return rs.some((r) => r.wrapper === 'retry' || (r.attempts ?? 1) > 1);
}

function configSection(config: string, rs: readonly SessionRound[]): string[] {
  const lines = [`### ${cell(config)} (${rs.length} round${rs.length === 1 ? '' : 's'})`];
  lines.push(`- **Pass Rate**: ${passLine(passedOf(rs), rs.length)}`);
  const attempts = sum(rs.map((r) => r.attempts));
  const crashed = sum(rs.map((r) => r.crashed_attempts));
  if (rs.every((r) => r.attempts !== null) && retried(rs))
    lines.push(
      `- **Attempts**: ${attempts}, ${crashed} crashed; attempts passed ${passLine(attempts - crashed, attempts)}`,
    );
  const eff = known(rs.map((r) => r.efficiency_pct));
  if (eff.length) {
    lines.push(`- **Avg Efficiency**: ${(sum(eff) / eff.length).toFixed(1)}%`);
    if (eff.length > 1)
      lines.push(`- **Range**: ${Math.min(...eff).toFixed(1)}% - ${Math.max(...eff).toFixed(1)}%`);
  }
  return lines;
}

function batchSection(b: SessionBatch): string[] {
  const lines = [
    `### ${cell(b.label.replace(/\s*\(\d+\s+rounds?\)\s*$/i, ''))} (${b.rounds} rounds, stated as a batch at line ${b.line})`,
    `- **Config**: ${cell(b.config)}`,
  ];
  lines.push(
    `- **Pass Rate**: ${b.passed == null ? `not stated (of ${b.rounds})` : passLine(b.passed, b.rounds)}`,
  );
  if (b.efficiency_avg != null) lines.push(`- **Avg Efficiency**: ${b.efficiency_avg.toFixed(1)}%`);
  return lines;
}

function verdictParts(v: SessionVerdict | undefined): string[] {
  if (!v) return ['No verdict on this configuration (run `roundbook analyze`).'];
  const parts = [
    `Verdict (${v.procedure ?? 'unknown procedure'}, over all ${v.rounds ?? '?'} rounds of this configuration): **${(v.answer ?? 'none').toUpperCase()}**. ${v.sentence ?? ''}`.trim(),
    v.answer === 'undecided'
      ? v.rounds_needed == null
        ? 'Rounds still needed: unknown (no planned count).'
        : v.headline === 'attempt'
          ? `Rounds still needed: ${v.rounds_needed} more attempts without a failure (the verdict counts attempts; each round is one or more).`
          : `Rounds still needed: ${v.rounds_needed} more rounds without a failure.`
      : 'Rounds still needed: none, the verdict is decided.',
  ];
  if (v.fixed_n_answer && v.fixed_n_answer !== v.answer)
    parts.push(`(A fixed-n reading would say ${v.fixed_n_answer}; it is not valid under repeated looks.)`);
  return parts;
}

function analysis(data: SessionReportData, byConfig: Map<string, SessionRound[]>): string[] {
  const items: string[] = [];
  for (const [config, rs] of byConfig) {
    const parts: string[] = [];
    const attempts = sum(rs.map((r) => r.attempts));
    const crashed = sum(rs.map((r) => r.crashed_attempts));
    if (retried(rs) && rs.every((r) => r.attempts !== null))
      parts.push(
        `the wrapper retried, so the round pass rate (${pct(passedOf(rs), rs.length)}) hides crashes: per attempt, ${crashed} of ${attempts} crashed (${pct(crashed, attempts)}).`,
      );
    else if (retried(rs))
      parts.push(
        `${passedOf(rs)} of ${rs.length} rounds passed (${pct(passedOf(rs), rs.length)}), through the retry wrapper; the attempts were not recorded, so the crashes it retried cannot be counted.`,
      );
    else parts.push(`${passedOf(rs)} of ${rs.length} rounds passed (${pct(passedOf(rs), rs.length)}).`);
    parts.push(...verdictParts(data.verdicts.find((x) => x.config === config)));
    items.push(`**${cell(config)}**: ${parts.map(cell).join(' ')}`);
  }
  const batchOnly = new Map<string, SessionBatch[]>();
  for (const b of data.batches)
    if (!byConfig.has(b.config)) batchOnly.set(b.config, [...(batchOnly.get(b.config) ?? []), b]);
  for (const [config, bs] of batchOnly) {
    const stated = bs.filter((b) => b.passed != null);
    const parts = [
      stated.length
        ? `${sum(stated.map((b) => b.passed))} of ${sum(stated.map((b) => b.rounds))} rounds passed as stated in ${stated.length === 1 ? 'a batch' : `${stated.length} batches`} (no round rows, no attempt counts: retries cannot be seen).`
        : `${sum(bs.map((b) => b.rounds))} rounds stated without their outcome.`,
      ...verdictParts(data.verdicts.find((x) => x.config === config)),
    ];
    items.push(`**${cell(config)}**: ${parts.map(cell).join(' ')}`);
  }
  const configs = new Set([...byConfig.keys(), ...batchOnly.keys()]);
  for (const c of data.comparisons) {
    if (!configs.has(c.a_config) || !configs.has(c.b_config)) continue;
    const counts =
      c.unit === 'attempt'
        ? `attempts failed ${c.a_failed_attempts ?? '?'}/${c.a_attempts ?? '?'} vs ${c.b_failed_attempts ?? '?'}/${c.b_attempts ?? '?'}`
        : `rounds passed ${c.a_passed ?? '?'}/${c.a_total ?? '?'} vs ${c.b_passed ?? '?'}/${c.b_total ?? '?'}`;
    const p = c.fisher_two_sided == null ? '' : `; Fisher two-sided p = ${c.fisher_two_sided.toPrecision(3)}`;
    const holm = c.holm_p == null ? '' : `, Holm-adjusted p = ${c.holm_p.toPrecision(3)}`;
    items.push(
      cell(`**${c.a_config}** vs **${c.b_config}**, per ${c.unit ?? 'round'}: ${counts}${p}${holm}.`),
    );
  }
  return items.map((t, i) => `${i + 1}. ${t}`);
}

function roundTable(rounds: readonly SessionRound[]): string[] {
  const lines = [
    '| Round | Config | Status | Attempts | Efficiency |',
    '|-------|--------|--------|----------|------------|',
  ];
  for (const r of rounds)
    lines.push(
      `| ${r.round_no ?? '?'} | ${cell(r.config)} | ${(r.status ?? 'unknown').toUpperCase()} | ${r.attempts ?? '–'} | ${r.efficiency_pct == null ? '–' : `${r.efficiency_pct.toFixed(1)}%`} |`,
    );
  return lines;
}

/** `100.0% (83.9%–100.0%)`: the rate and its 95% Wilson interval. */
function wilsonCell(k: number, n: number): string {
  if (n === 0) return '–';
  const w = wilsonInterval(k, n);
  return `${pct(k, n)} (${formatPercent(w.lower)}–${formatPercent(w.upper)})`;
}

function cumulativeTable(data: SessionReportData, configs: readonly string[]): string[] {
  const lines = [
    '| Config | Rounds listed | Passed | Pass Rate (95% Wilson) | Attempts | Crashed attempts | Sources | Verdict rounds (crashed) |',
    '|--------|---------------|--------|------------------------|----------|------------------|---------|--------------------------|',
  ];
  for (const config of configs) {
    const c = data.cumulative.find((x) => x.config === config);
    const v = data.verdicts.find((x) => x.config === config);
    const verdict = v?.rounds == null ? '–' : `${v.rounds} (${v.crashed_rounds ?? '?'})`;
    lines.push(
      c
        ? `| ${cell(config)} | ${c.rounds} | ${c.passed} | ${wilsonCell(c.passed, c.rounds)} | ${c.attempts ?? '–'} | ${c.crashed_attempts ?? '–'} | ${c.sources} | ${verdict} |`
        : `| ${cell(config)} | 0 | – | – | – | – | – | ${verdict} |`,
    );
  }
  return lines;
}

/**
 * What a session added, in one sentence: its rounds and configurations, how many passed, the rounds its batches
 * state without rows, and the crash reports linked (the report's Summary; `roundbook build` prints it last).
 *
 * @example sessionSummary(data) // '40 rounds of 2 configurations listed, 40 passed; 3 crash reports linked.'
 */
export function sessionSummary(data: SessionReportData): string {
  const { rounds } = data;
  if (rounds.length === 0 && data.batches.length === 0) return `No rounds in session ${cell(data.selector)}.`;
  const configs = new Set(rounds.map((r) => r.config)).size;
  const batchRounds = sum(data.batches.map((b) => b.rounds));
  const batchNote = data.batches.length
    ? `; ${batchRounds} more rounds stated in ${data.batches.length} batch${data.batches.length === 1 ? '' : 'es'} without their rows`
    : '';
  return `${rounds.length} round${rounds.length === 1 ? '' : 's'} of ${configs} configuration${configs === 1 ? '' : 's'} listed, ${passedOf(rounds)} passed${batchNote}; ${data.crashes.length} crash report${data.crashes.length === 1 ? '' : 's'} linked.`;
}

/**
 * The session report's Markdown. Rounds are listed in the order given;
 * configurations in the order their first round appears. Intervals on pass
 * rates are 95% Wilson (R `prop.test(k, n, correct = FALSE)`), the team's
 * pages' interval; the verdict's own bounds are the always-valid ones and are
 * quoted in its sentence.
 *
 * @example renderSessionReport({selector: 'demo', rounds, verdicts, comparisons: [], crashes: [], cumulative})
 *   // '<!-- roundbook:session-report v1: … -->\n# Verification Rounds 1–20 - campaign demo …'
 */
export function renderSessionReport(data: SessionReportData): string {
  const { rounds } = data;
  const byConfig = new Map<string, SessionRound[]>();
  for (const r of rounds) byConfig.set(r.config, [...(byConfig.get(r.config) ?? []), r]);
  const workers = distinct(rounds.map((r) => r.worker_n));
  const hosts = distinct(rounds.map((r) => r.host));
  const campaigns = distinct(rounds.map((r) => r.campaign));
  const dates = distinct(rounds.map((r) => (r.date ? r.date.slice(0, 10) : null)));
  const who = workers.length
    ? `N=${workers.join(', ')}`
    : campaigns.length
      ? `campaign ${campaigns.join(', ')}`
      : `session ${data.selector}`;
  const out: string[] = [
    SESSION_REPORT_MARKER_LINE,
    `# Verification Rounds ${span(rounds, data.batches)} - ${cell(who)}`,
    '',
  ];
  out.push(
    `**Date**: ${dates.length ? (dates.length === 1 ? dates[0] : `${dates[0]} to ${dates.at(-1)}`) : 'unknown'}`,
  );
  if (workers.length) out.push(`**Worker**: N=${workers.join(', ')}`);
  if (hosts.length) out.push(`**Host**: ${cell(hosts.join(', '))}`);
  if (campaigns.length) out.push(`**Campaign**: ${cell(campaigns.join(', '))}`);
  out.push(`**Session**: ${cell(data.selector)}`, '');
  out.push('## Summary', '');
  if (rounds.length === 0 && data.batches.length === 0) {
    out.push(`No rounds in session ${cell(data.selector)}.`, '');
    return `${out.join('\n')}\n`;
  }
  out.push(
    `${sessionSummary(data)} Pass rates carry 95% Wilson intervals; the verdicts are the always-valid procedure's over every round of each configuration.`,
    '',
    '## Results',
    '',
  );
  for (const [config, rs] of byConfig) out.push(...configSection(config, rs), '');
  for (const b of data.batches) out.push(...batchSection(b), '');
  out.push('## Analysis', '', ...analysis(data, byConfig), '');
  out.push('## Individual Round Results', '', ...roundTable(rounds), '');
  out.push('## Crash Reports', '');
  if (data.crashes.length === 0) out.push('No crash report is linked to a round of this session.');
  else {
    out.push(
      '| Round | Config | Attempt | Captured | Signature |',
      '|-------|--------|---------|----------|-----------|',
    );
    for (const c of data.crashes)
      out.push(
        `| ${c.round_no ?? '?'} | ${cell(c.config)} | ${c.attempt_no ?? '?'} | ${c.captured_at ?? '?'} | ${cell([c.exception_type, c.signal].filter(Boolean).join(' ') ? `${[c.exception_type, c.signal].filter(Boolean).join(' ')}: ${c.signature}` : c.signature)} |`,
      );
  }
  out.push(
    '',
    '## Cumulative Statistics',
    '',
    'Every round of each configuration in the database so far: the rounds listed row by row, and the rounds the verdict weighed (batches included, restatements counted once).',
    '',
  );
  const configs = [...new Set([...byConfig.keys(), ...data.batches.map((b) => b.config)])];
  out.push(...cumulativeTable(data, configs), '');
  return `${out.join('\n')}\n`;
}
