import { collapseTemplates } from './collapseTemplates.ts';

/**
 * Turns one stored frame into the form a signature uses, dropping what varies
 * between crashes of the same bug:
 *
 * - a leading thread or frame index `[52] ` (crash summaries);
 * - the offset into the symbol ` + 1268` / ` + 0x4f4`;
 * - the image ` (in AGXMetalG16X)` and a source location ` (file.c:12)`;
 * - template arguments, collapsed to `<T>`; block suffixes `_block_invoke.215` → `_block_invoke`;
 * - compiler-outlined cold paths `MTLReportFailure.cold.1` → `MTLReportFailure`;
 * - absolute addresses: a frame that is only an address is dropped (returns null).
 *
 * An unsymbolicated frame stored as `0x64bc (in libfoo.dylib)` (image offset)
 * keeps image and offset, `libfoo.dylib@0x64bc`: the offset into an image is
 * stable across runs of one build, unlike an address.
 *
 * Frame strings are written by the parsers as `SYMBOL (in IMAGE) + N`,
 * `0xOFFSET (in IMAGE)` or, from a crash summary, `[n] SYMBOL + N`.
 *
 * @example normaliseFrame('[52] AGX::ComputeContext<A, B>::prepareForEnqueue(bool) + 1268')
 *   // 'AGX::ComputeContext<T>::prepareForEnqueue(bool)'
 */
export function normaliseFrame(raw: string): string | null {
  let s = raw.trim().replace(/\s+/g, ' ');
  s = s.replace(/^\[\d+\]\s*/, '');
  s = s.replace(/ \((?:[^()]*\.[A-Za-z+]+):\d+(?::\d+)?\)$/, '');
  let image: string | null = null;
  const inImage = /^(.*?) \(in (.+)\)(?: \+ (?:\d+|0x[0-9a-fA-F]+))?$/.exec(s);
  if (inImage) {
    s = inImage[1];
    image = inImage[2];
  } else {
    s = s.replace(/ \+ (?:\d+|0x[0-9a-fA-F]+)$/, '');
  }
  s = s.replace(/^0x[0-9a-fA-F]+ (?=\S)(?!\+)/, '');
  if (/^0x[0-9a-fA-F]+$/.test(s) || s === '') {
    if (!image || s === '') return null;
    return `${image}@0x${BigInt(s).toString(16)}`;
  }
  s = collapseTemplates(s);
  s = s.replace(/(_block_invoke)(?:[._]\d+)+/g, '$1');
  s = s.replace(/\.cold\.\d+$/, '');
  return s.trim() || null;
}
