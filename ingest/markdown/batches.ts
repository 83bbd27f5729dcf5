/**
 * Stated group results → `batches` rows.
 *
 * Sources: pass statements in text (see passFractions.ts for which `k/n`
 * count), "Total verification rounds: ~1760" (kind 'cumulative', passed
 * unknown), and tables (see batchTables.ts). Efficiency statements ("Avg
 * Efficiency: 19.8%", "Range: 16.1% - 23.8%") attach to the batch of the same
 * section; an efficiency-only section attaches to the batch whose round range
 * its heading names, else to the latest primary batch still without one.
 * Round ranges come from the row or line itself, else (primary batches only)
 * from the nearest heading stating "Rounds A-B" of the same size — the report
 * title included. Wrapper 'none' for "no wrapper retry"/"without retry",
 * 'retry' for "with wrapper retry", from the line, row label or heading.
 * Everything under a cumulative heading ("Cumulative …", "Since N=…") and
 * every "Total …" statement or table total row is kind 'cumulative'.
 * A batch that restates another (same counts and labels) in a conclusion-like
 * section (Findings, Analysis, Conclusion, Recommendations) or a summary
 * (Summary, Overview, Highlights, the header block) is dropped, whatever
 * environment labels each carries (a summary line often omits the dylib or
 * the wrapper its table states: the same rounds in two environments are one
 * set); batches that restate a per-round table are kept (the analysis
 * de-duplicates by round range; restatedBatches.ts gives a range-less
 * restatement its rows' range). Rounds are never invented from batches.
 *
 * Not evidence: fractions inside inline code (`` `Pass Rate: 17/20` `` quotes
 * a format); counts equal to a number of iterations the report states for
 * its test ("Test parameters: 8 threads, 30 iterations", where every 30 is an
 * iteration count) unless the count is named rounds or runs. A row or line
 * naming another worker's session (`| N=2937 | 1640-1659 | 85.0% |` in
 * N2938's report) restates it: kind 'cumulative'.
 */
import type { BatchRow } from '../../store/rawTables.ts';
import { type BatchDraft, makeDraft } from './batchDraft.ts';
import { tableBatches } from './batchTables.ts';
import type { TextBlock } from './blocks.ts';
import { type EfficiencyStats, efficiencyStats } from './efficiencyStats.ts';
import type { ExtractContext } from './extractContext.ts';
import { fixVariantOf } from './fixVariant.ts';
import { roundRangeIn, wrapperIn } from './headingContext.ts';
import { passFractions } from './passFractions.ts';
import { serialisationIn } from './serialisation.ts';
import { threadsIn } from './threadsIn.ts';
import type { RichTextBlock, Segment, WalkedBlock } from './walk.ts';
import { workloadIn } from './workload.ts';

const CONCLUSION =
  /conclusion|finding|recommendation|analysis|takeaway|lessons|insight|assessment|verdict|next steps|comparison|summary|overview|highlights|key results/i;
/** "30 iterations" as a test's parameter (not "20 iterations per round", not "iterations: 5"). */
const ITERATIONS = /\b(\d{1,6})\s+iterations?\b(?!\s*(?:per|each|\/|x\b|×))/gi;
const TOTAL_ROUNDS =
  /\btotal\s+(?:verification\s+|test\s+)?rounds(?:\s+(?:run|completed|executed))?\s*[:=]\s*~?(\d[\d,]*)\+?/i;
const PASS_LABEL = /\b(?:pass(?:ed|es|ing)?(?:\s+rate)?|success(?:\s+rate)?|result|outcome)\b|[:=(~]/gi;

/**
 * Batches of text lines: pass fractions and "Total verification rounds: N".
 *
 * @example textBatches(block('- **Pass Rate**: 17/20 (85.0%)')) // one draft, 17 of 20
 */
export function textBatches(block: TextBlock): BatchDraft[] {
  const out: BatchDraft[] = [];
  const ctx = block.context;
  const heading = ctx.headingPath[ctx.headingPath.length - 1] ?? '';
  const total = TOTAL_ROUNDS.exec(block.text);
  if (total) {
    const n = Number(total[1].replace(/,/g, ''));
    if (n > 0) out.push(makeDraft(ctx, {}, block.line, block.text, n, null, 'cumulative', null, 'text'));
  }
  // What the whole line says, found once for all its fractions (a long line has many).
  let line: {
    threads: number | null;
    wrapper: ReturnType<typeof wrapperIn>;
    range: ReturnType<typeof roundRangeIn>;
  } | null = null;
  for (const f of passFractions(block.text, ctx.headingPath.join(' / '))) {
    line ??= {
      threads: threadsIn(block.text),
      wrapper: wrapperIn(block.text),
      range: roundRangeIn(block.text),
    };
    const prefix = f.before
      .replace(PASS_LABEL, ' ')
      .replace(/[\s\-*–]+/g, ' ')
      .trim();
    const label =
      block.role === 'heading'
        ? block.text
        : prefix.length >= 3
          ? f.before.replace(/[\s:=(~*]+$/, '').trim()
          : heading;
    const own = {
      fix_variant: fixVariantOf(f.before),
      threads: line.threads,
      wrapper: wrapperIn(f.before) ?? line.wrapper,
      workload: workloadIn(f.before),
      serialised: serialisationIn(f.before),
    };
    const worker = /\bN\s*=\s*(\d{2,6})\b/i.exec(f.before.slice(-60));
    const cumulative =
      ctx.cumulative || /\b(?:total|cumulative|overall|since n\s*=|all sessions|so far)\b/i.test(f.before);
    const { range } = line;
    const d = makeDraft(
      ctx,
      own,
      block.line,
      label,
      f.rounds,
      f.passed,
      cumulative ? 'cumulative' : 'primary',
      range,
      'text',
    );
    d.explicit = f.named;
    d.worker = worker ? Number(worker[1]) : null;
    out.push(d);
  }
  return out;
}

/** A text block's text with the digits of its inline code masked: a quoted `17/20` is no count. */
function statedText(b: RichTextBlock): RichTextBlock {
  if (!b.segments?.some((s: Segment) => s.code)) return b;
  const text = b.segments
    .map((s) => (s.code ? s.text.replace(/\d/g, '#') : s.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return { ...b, text };
}

function addStats(to: BatchRow, s: EfficiencyStats): void {
  if (s.avg != null && to.efficiency_avg == null) to.efficiency_avg = s.avg;
  if (s.min != null && to.efficiency_min == null) to.efficiency_min = s.min;
  if (s.max != null && to.efficiency_max == null) to.efficiency_max = s.max;
}

const hasEff = (b: BatchRow) =>
  b.efficiency_avg != null || b.efficiency_min != null || b.efficiency_max != null;

/**
 * All batches of a report's blocks (see the module comment), in document order,
 * with the extra draft fields removed.
 */
export function extractBatches(blocks: WalkedBlock[], report?: ExtractContext): BatchRow[] {
  const drafts: BatchDraft[] = [];
  const iterations = new Set<number>();
  const stats: { section: string; line: number; stats: EfficiencyStats; heading: string }[] = [];
  for (const b of blocks) {
    const section = b.context.headingPath.join(' / ');
    const heading = b.context.headingPath[b.context.headingPath.length - 1] ?? '';
    if (b.kind === 'table') {
      const t = tableBatches(b);
      drafts.push(...t.drafts);
      for (const s of t.stats) stats.push({ section, line: b.line, stats: s, heading });
      if (/efficien/i.test(heading) || /efficien/i.test(b.header.join(' ')))
        for (const r of b.rows)
          if (r.cells[0]?.bold && r.cells.length >= 2) {
            const s = efficiencyStats(`${r.cells[0].text}: ${r.cells[1].text}`);
            if (s) stats.push({ section, line: r.line, stats: s, heading });
          }
      continue;
    }
    const text = statedText(b);
    drafts.push(...textBatches(text));
    for (const m of text.text.matchAll(ITERATIONS)) iterations.add(Number(m[1]));
    if (b.role !== 'heading') {
      const s = efficiencyStats(b.text);
      if (s && (s.avg != null || /eff|range|^(?:min|max)/i.test(b.text) || /efficien/i.test(section)))
        stats.push({ section, line: b.line, stats: s, heading });
    }
  }
  attachStats(drafts, stats);
  inferRanges(drafts);
  const worker = report?.worker_n ?? null;
  for (const d of drafts)
    if (d.worker != null && worker != null && d.worker !== worker && d.kind === 'primary')
      d.kind = 'cumulative';
  const counted = drafts.filter((d) => d.explicit || d.from === 'kv' || !iterations.has(d.rounds));
  return dedupe(counted).map(({ section: _s, from: _f, path: _p, worker: _w, explicit: _e, ...row }) => row);
}

function attachStats(
  drafts: BatchDraft[],
  stats: { section: string; line: number; stats: EfficiencyStats; heading: string }[],
): void {
  // Merge the statements of each section first (first value wins), then attach once.
  const bySection = new Map<string, { line: number; stats: EfficiencyStats; heading: string }>();
  for (const s of stats) {
    const m = bySection.get(s.section);
    if (!m) bySection.set(s.section, { line: s.line, stats: { ...s.stats }, heading: s.heading });
    else {
      m.stats.avg ??= s.stats.avg;
      m.stats.min ??= s.stats.min;
      m.stats.max ??= s.stats.max;
    }
  }
  for (const [section, s] of bySection) {
    const same = drafts.filter((d) => d.section === section);
    let target: BatchDraft | undefined;
    if (same.length) {
      const before = same.filter((d) => d.line <= s.line);
      target = before.length ? before[before.length - 1] : same[0];
    } else if (/efficien/i.test(s.heading)) {
      const range = roundRangeIn(s.heading);
      target =
        (range && drafts.find((d) => d.round_first === range.first && d.round_last === range.last)) ||
        drafts.filter((d) => d.line < s.line && d.kind === 'primary' && !hasEff(d)).pop();
    }
    if (target) addStats(target, s.stats);
  }
}

function inferRanges(drafts: BatchDraft[]): void {
  for (const d of drafts) {
    if (d.round_first != null || d.kind !== 'primary') continue;
    const path = d.path;
    for (let i = path.length - 1; i >= 0; i--) {
      const r = roundRangeIn(path[i]);
      if (r && r.last - r.first + 1 === d.rounds) {
        d.round_first = r.first;
        d.round_last = r.last;
        break;
      }
    }
  }
}

function dedupe(drafts: BatchDraft[]): BatchDraft[] {
  // Counts only: a summary that restates a table in another environment's words is still the same rounds.
  const key = (d: BatchDraft) => `${d.rounds}/${d.passed}/${d.kind}`;
  return drafts.filter((d, i) => {
    const summary = d.path.length <= 1 || CONCLUSION.test(d.path.slice(1).join(' / '));
    if (d.from !== 'text' || !summary) return true;
    return !drafts.some((o, j) => j !== i && key(o) === key(d) && (o.from !== 'text' || j < i));
  });
}
