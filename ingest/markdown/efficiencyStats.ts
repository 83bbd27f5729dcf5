/**
 * Efficiency summary statements that attach to a batch of the same section:
 * "Avg Efficiency: 19.8%", "Average efficiency: 14.7% (14 measurements)",
 * "Mean: ~14.8%", "Min: 13.4%", "Max: 15.1%", "Range: 16.1% - 23.8%",
 * "Efficiency Range: 13.5% - 15.2%", "8-thread efficiency: mean 14.2% (min
 * 12.7%, max 15.0%)", and the same as key/value table rows or bold summary rows
 * of an efficiency table (`| **Mean** | **14.6%** |`).
 */

/** Efficiency statistics of a batch; absent parts are null. */
export interface EfficiencyStats {
  avg: number | null;
  min: number | null;
  max: number | null;
}

const PCT = String.raw`~?(\d{1,3}(?:\.\d+)?)\s*%`;
const AVG = new RegExp(
  String.raw`^(?:avg|average|mean)(?:\s+(?:8|\d+)[- ]?(?:thread|t))?(?:\s+efficiency)?(?:\s*\(\d+\s*t(?:hreads?)?\))?\s*[:=|]\s*${PCT}`,
  'i',
);
const AVG2 = new RegExp(
  String.raw`^(?:(?:\d+[- ]?thread|\d+t)\s+)?efficiency(?:\s*\([^)]*\))?\s*(?:avg|average|mean)?\s*[:=|]\s*(?:avg|average|mean)\s*${PCT}`,
  'i',
);
const MIN = new RegExp(String.raw`^min(?:imum)?(?:\s+efficiency)?\s*[:=|]\s*${PCT}`, 'i');
const MAX = new RegExp(String.raw`^max(?:imum)?(?:\s+efficiency)?\s*[:=|]\s*${PCT}`, 'i');
const RANGE =
  /^(?:(?:\d+[- ]?thread\s+)?efficiency\s*(?:\(\d+\s*t(?:hreads?)?\)\s*)?)?range\s*[:=|]\s*~?(\d{1,3}(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*~?(\d{1,3}(?:\.\d+)?)\s*%/i;
const KEYED_RANGE =
  /^(?:(?:\d+[- ]?thread\s+)?efficiency(?:\s*\(\d+\s*t(?:hreads?)?\))?)\s*[:=|]\s*~?(\d{1,3}(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*~?(\d{1,3}(?:\.\d+)?)\s*%/i;
const PAREN = /\(\s*min\s*~?(\d{1,3}(?:\.\d+)?)\s*%\s*,\s*max\s*~?(\d{1,3}(?:\.\d+)?)\s*%\s*\)/i;

/**
 * Efficiency statistics stated by one line (`key: value`), or null. A bare
 * `Mean:`/`Min:`/`Max:` counts only with a percent value.
 *
 * @example efficiencyStats('Range: 16.1% - 23.8%') // {avg: null, min: 16.1, max: 23.8}
 */
export function efficiencyStats(line: string): EfficiencyStats | null {
  const s = line.replace(/\*\*/g, '').trim();
  const out: EfficiencyStats = { avg: null, min: null, max: null };
  let m = AVG.exec(s) ?? AVG2.exec(s);
  if (m) {
    out.avg = Number(m[1]);
    const p = PAREN.exec(s);
    if (p) {
      out.min = Number(p[1]);
      out.max = Number(p[2]);
    }
    return out;
  }
  m = RANGE.exec(s) ?? KEYED_RANGE.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > b) return null;
    out.min = a;
    out.max = b;
    return out;
  }
  m = MIN.exec(s);
  if (m) {
    out.min = Number(m[1]);
    return out;
  }
  m = MAX.exec(s);
  if (m) {
    out.max = Number(m[1]);
    return out;
  }
  return null;
}
