/**
 * Conclusions → `claims` rows: subject (`native`, `v2.3`, `dylib`, `retry`, …)
 * and stance. Read only from conclusion-like places: lines under Conclusion /
 * Findings / Recommendations / Analysis / Verdict / Key insights headings, and
 * bold statements anywhere ("**Native PyTorch 2.9.1 is NOT fully
 * thread-safe**"). A line is split into sentences; a bold lead followed by ":"
 * is its own statement. A statement without a subject is not a claim.
 */
import type { ClaimRow } from '../../store/rawTables.ts';
import type { ClaimStance } from '../../store/vocabulary.ts';
import { fixVariantMentions } from './fixVariant.ts';
import type { RichTextBlock } from './walk.ts';

const CONCLUSION_SECTION =
  /conclusion|finding|recommendation|analysis|verdict|insight|takeaway|lessons|assessment|key results|bottom line|implication/i;

const STANCES: [ClaimStance, RegExp][] = [
  [
    'counterproductive',
    /counter-?productive|makes (?:things|it|crashes) worse|causes more crashes|harmful|regression caused by|worse than (?:native|no dylib|without)/i,
  ],
  [
    'not_recommended',
    /\b(?:do not|don't|never|should not|shouldn't)\s+(?:use|deploy|enable|ship)\b|\bavoid (?:using )?(?:the )?(?:v\d|dylib|native)|\bnot recommended\b/i,
  ],
  [
    'unnecessary',
    /\bunnecessary\b|\bno\b[^.;]{0,40}\b(?:required|needed|necessary)\b|\bnot (?:necessary|needed|required)\b|\bno longer (?:necessary|needed|required)\b/i,
  ],
  [
    'necessary',
    /\b(?:necessary|required|essential|still needed|is needed|remains needed|must (?:be )?use)\b/i,
  ],
  [
    'unsafe',
    /\bnot\s+(?:fully\s+|yet\s+|entirely\s+)?thread[- ]safe\b|\bunsafe\b|\bnot safe\b|\bthread[- ]unsafe\b/i,
  ],
  ['safe', /\bthread[- ]safe\b|\bis safe\b|\bsafe (?:for|to use)\b/i],
  [
    'unstable',
    /\bnot (?:fully |yet )?stable\b|\bunstable\b|\bintermittent (?:crash|sigsegv|failure)s?|\bstill crash|\bcrashes (?:occur|remain|persist)/i,
  ],
  [
    'stable',
    /\b100% stab(?:le|ility)\b|\bstable\b|\bstability\b|\beliminat(?:es|ed) (?:the )?(?:crash|race|use-after-free)/i,
  ],
  ['recommended', /\brecommend(?:ed)?\b|\bshould (?:use|deploy|enable)\b|\bprefer\b|\buse (?:the )?v\d/i],
];

/**
 * The stance a statement takes, by the first matching rule in priority order
 * (counterproductive before not_recommended, negations before affirmations), or null.
 *
 * @example stanceOf('DO NOT use v2.3 dylib - counterproductive') // 'counterproductive'
 */
export function stanceOf(text: string): ClaimStance | null {
  for (const [stance, re] of STANCES) if (re.test(text)) return stance;
  return null;
}

/**
 * The subject of a statement: the first-mentioned fix variant (`native`, `v2.3`,
 * …), else `dylib` for an unversioned dylib / AGX fix mention, else `retry` for
 * the retry wrapper, else null.
 *
 * @example subjectOf('Native PyTorch 2.9.1 is NOT fully thread-safe') // 'native'
 */
export function subjectOf(text: string): string | null {
  const m = fixVariantMentions(text);
  if (m.length) return m[0].variant;
  if (/\bdylib\b|\bagx[ _-]?fix\b/i.test(text)) return 'dylib';
  if (/\bretry (?:logic|wrapper)|\bwrapper retry|\bretries\b/i.test(text)) return 'retry';
  return null;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z*"'(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Claims of one text block (see the module comment). Headings yield none.
 *
 * @example extractClaims(block('1. **Native PyTorch 2.9.1 is NOT fully thread-safe**: …'))
 *   // [{subject: 'native', stance: 'unsafe', text: 'Native PyTorch 2.9.1 is NOT fully thread-safe', …}]
 */
export function extractClaims(block: RichTextBlock): ClaimRow[] {
  if (block.role === 'heading') return [];
  const inConclusion = CONCLUSION_SECTION.test(block.context.headingPath.slice(1).join(' / '));
  const statements: string[] = [];
  const segs = block.segments;
  const firstVisible = segs.findIndex((s) => s.text.trim() !== '');
  const lead = firstVisible >= 0 && segs[firstVisible].strong ? segs[firstVisible].text.trim() : null;
  const after =
    lead != null
      ? segs
          .slice(firstVisible + 1)
          .map((s) => s.text)
          .join('')
      : '';
  if (lead && /^\s*:/.test(after)) {
    statements.push(lead.replace(/:$/, ''));
    if (inConclusion) statements.push(...sentences(after.replace(/^\s*:\s*/, '')));
  } else if (inConclusion) {
    statements.push(...sentences(block.text));
  } else {
    for (const s of segs) if (s.strong && s.text.trim().length >= 12) statements.push(s.text.trim());
  }
  const out: ClaimRow[] = [];
  for (const raw of statements) {
    const text = raw.replace(/^(?:\d+[.)]\s+|[-*+]\s+)/, '').trim();
    if (text.length < 6 || text.length > 400) continue;
    const stance = stanceOf(text);
    if (!stance) continue;
    const subject = subjectOf(text);
    if (!subject) continue;
    out.push({ line: block.line, text, subject, stance });
  }
  return out;
}
