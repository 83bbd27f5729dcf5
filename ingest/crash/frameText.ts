/** One frame as the parsers read it, before it is written as text. */
export interface FrameFacts {
  image: string | null;
  symbol: string | null;
  /** Offset into the symbol (`symbolLocation`, the `+ 1268` of a text report). */
  symbolOffset: number | null;
  /** Offset into the image (used for unsymbolicated frames). */
  imageOffset: number | null;
}

/**
 * Writes a frame as stored in `crashes.frames`:
 * `SYMBOL (in IMAGE) + N` when symbolicated (as `atos` prints it),
 * `0xOFFSET (in IMAGE)` when not (image offset in hex), `???` when nothing is
 * known. The signature's `normaliseFrame` reads these back.
 */
export function frameText(f: FrameFacts): string {
  const image = f.image ? ` (in ${f.image})` : '';
  if (f.symbol) return `${f.symbol}${image}${f.symbolOffset !== null ? ` + ${f.symbolOffset}` : ''}`;
  if (f.imageOffset !== null) return `0x${f.imageOffset.toString(16)}${image}`;
  return `???${image}`;
}

/** How many frames of the crashed thread a crash row keeps. */
export const TOP_FRAMES = 12;
