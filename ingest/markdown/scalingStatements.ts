/**
 * Thread-scaling points stated in prose: "14.7% efficiency at 8 threads",
 * "Efficiency at 8 threads: 14.7%", "8-thread efficiency is 14.7%".
 */
import { isThreadCount } from './threadsIn.ts';

const PCT = String.raw`(\d{1,3}(?:\.\d+)?)\s*%`;
const THR = String.raw`(\d{1,4})\s*-?\s*(?:threads?|t)\b`;
/** Efficiency statements; group `p` is the percent, `t` the threads. */
const STATEMENTS: { re: RegExp; p: number; t: number }[] = [
  {
    re: new RegExp(
      String.raw`${PCT}\s*(?:scaling\s+|parallel\s+)?efficiency\s*(?:at|@|with|for|on)\s*${THR}`,
      'gid',
    ),
    p: 1,
    t: 2,
  },
  {
    re: new RegExp(
      String.raw`efficiency\s*(?:at|@)\s*${THR}\s*(?:\)|is|was|of|=|:|\|)?\s*\**\s*${PCT}`,
      'gid',
    ),
    p: 2,
    t: 1,
  },
  {
    re: new RegExp(String.raw`efficiency\s*\(\s*${THR}\s*\)\s*(?:is|was|of|=|:|\|)?\s*\**\s*${PCT}`, 'gid'),
    p: 2,
    t: 1,
  },
  {
    re: new RegExp(
      String.raw`\b${THR}\s+(?:scaling\s+)?efficiency\s*(?:is|was|of|=|:|\|)?\s*\**\s*${PCT}`,
      'gid',
    ),
    p: 2,
    t: 1,
  },
  {
    re: new RegExp(String.raw`${PCT}\s*(?:efficiency\s*)?(?:at|@)\s*${THR}`, 'gid'),
    p: 1,
    t: 2,
  },
];
const HEDGE =
  /\b(avg|average|mean|median|target|goal|expected|documented|typical|claims?|previous|earlier|from|up to|ceiling of|baseline of|vs\.?|versus)\s*[:=]?\s*$/i;

/**
 * Efficiency points stated in one piece of text (a paragraph, list item or a
 * table cell). Approximate values (`~14%`), ranges (`13.0% - 15.7%`, `14-16%`)
 * and hedged numbers ("average 8-thread efficiency of ~14%", "documented ~13%")
 * are not points.
 *
 * @example scalingStatements('CONFIRMED: 14.7% efficiency at 8 threads') // [{threads: 8, efficiency_pct: 14.7}]
 */
export function scalingStatements(text: string): { threads: number; efficiency_pct: number }[] {
  const s = String(text ?? '').replace(/\*\*|`/g, '');
  if (!/efficien/i.test(s)) return [];
  const out: { threads: number; efficiency_pct: number }[] = [];
  const seen = new Set<string>();
  for (const { re, p, t } of STATEMENTS) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const pctIdx = m.indices?.[p]?.[0] ?? m.index;
      const before = s.slice(Math.max(0, m.index - 40), m.index);
      const near = s.slice(Math.max(0, pctIdx - 3), pctIdx);
      const after = s.slice(m.index + m[0].length, m.index + m[0].length + 3);
      if (/[~≈∼<>]\s*$|[-–]\s*$/.test(near) || /^\s*[-–]\s*\d/.test(after)) continue;
      if (/(\d\s*%?\s*[-–]|[~≈])\s*\d*\.?\d*\s*%?$/.test(s.slice(Math.max(0, pctIdx - 8), pctIdx))) continue;
      if (HEDGE.test(before) || /\b(avg|average|mean|median)\b/i.test(before.slice(-25))) continue;
      const threads = Number(m[t]);
      const eff = Number(m[p]);
      if (!isThreadCount(threads) || !Number.isFinite(eff) || eff > 1000) continue;
      const key = `${threads}:${eff}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ threads, efficiency_pct: eff });
    }
  }
  return out;
}
