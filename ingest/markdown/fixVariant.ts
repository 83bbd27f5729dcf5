/**
 * Normalisation of AGX-fix dylib mentions to a `fix_variant` label.
 *
 * Vocabulary: `native` (the text explicitly says no dylib / native PyTorch),
 * `unversioned` (plain `libagx_fix.dylib`), `v2`, `v2.3`, `v2.4_nr`, `v2.9`, …
 * Traps handled: `v2.9.1` is the PyTorch version, never a dylib; ranges such as
 * `v2.2-v2.9` name no variant; the patched-fork era ("MPSEncodingLock") is not
 * native; `MPS_USE_AGX_FIX=1` enables the fix without naming a version (null).
 */

const RANGE = /\bv2(?:[._]\d+)?\s*(?:-|–|to|\.\.)\s*v?2[._]\d+\b/gi;
const NATIVE =
  /\bnative pytorch\b|\bno(?:t using (?:the |a |any )?| agx[ _-]?fix | )dylibs?\b|\bwithout (?:the |a |any )?(?:agx[ _-]?fix )?dylibs?\b|\bdylib:\s*(?:none|no\b)|\bno dylib injection\b|\bpure native\b|\bnative(?=\s+(?:vs\.?|versus)\s)|(?<=\b(?:vs\.?|versus)\s+)native\b/gi;
const FILE = /\blibagx_fix(?:_v(\d+)(?:_(\d+))?(_nr)?)?((?:_[a-z0-9]+)*)\.dylib\b/gi;
const TEXT = /\bv(2)(?:\.(\d+))?(?!\.\d)(?:[ _-]?(NR|nr)\b|(?![\d_]))/g;
const DYLIB_WORD = /dylib|agx[ _-]?fix|\bfix\b|version|swizzl/i;

/** One variant mention with its character offset (for "first-mentioned" choices). */
export interface VariantMention {
  variant: string;
  index: number;
}

function versionLabel(minor: string | undefined, nr: boolean): string {
  return `v2${minor != null ? `.${Number(minor)}` : ''}${nr ? '_nr' : ''}`;
}

/**
 * Every fix-variant mention in a text, in order of appearance (duplicates kept).
 * A bare `v2` (no minor version) counts only next to the word dylib / AGX fix.
 *
 * @example fixVariantMentions('native PyTorch vs v2.3 dylib') // [{variant:'native',…},{variant:'v2.3',…}]
 */
export function fixVariantMentions(text: string): VariantMention[] {
  if (!text) return [];
  const s = text.replace(RANGE, (m) => ' '.repeat(m.length));
  const out: VariantMention[] = [];
  for (const m of s.matchAll(NATIVE)) out.push({ variant: 'native', index: m.index });
  for (const m of s.matchAll(FILE)) {
    if (m[1] == null) {
      if (!m[4]) out.push({ variant: 'unversioned', index: m.index });
      continue;
    }
    if (m[1] !== '2') continue;
    out.push({ variant: versionLabel(m[2], !!m[3]), index: m.index });
  }
  const noFiles = s.replace(FILE, (m) => ' '.repeat(m.length));
  for (const m of noFiles.matchAll(TEXT)) {
    const before = noFiles.slice(Math.max(0, m.index - 1), m.index);
    if (/[\w.+]/.test(before)) continue; // part of a word, path or version string
    if (m[2] == null) {
      const around = noFiles.slice(m.index, m.index + m[0].length + 16);
      if (!DYLIB_WORD.test(around)) continue;
    }
    out.push({ variant: versionLabel(m[2], !!m[3]), index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The distinct fix variants a text names, in order of first mention.
 *
 * @example fixVariantsIn('libagx_fix_v2_3.dylib (v2.3)') // ['v2.3']
 */
export function fixVariantsIn(text: string): string[] {
  return [...new Set(fixVariantMentions(text).map((m) => m.variant))];
}

/**
 * The single fix variant a text names, or null when it names none or several
 * (a comparison such as "native vs v2.3" is not one variant).
 *
 * @example fixVariantOf('### Individual Round Results (v2.3 dylib)') // 'v2.3'
 * @example fixVariantOf('All dylibs built (v2.2-v2.9)') // null
 * @example fixVariantOf('PyTorch v2.9.1') // null
 */
export function fixVariantOf(text: string): string | null {
  const v = fixVariantsIn(text);
  return v.length === 1 ? v[0] : null;
}
