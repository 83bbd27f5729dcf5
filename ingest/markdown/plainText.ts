/**
 * Text as the metric readers match it: emphasis and code markers gone, white
 * space collapsed.
 */

/**
 * `text` without `**`, `__` and backticks, runs of white space as one space,
 * trimmed; null or undefined give ''.
 *
 * @example plainText('**489,836 ops**  @ `8162.9 ops/s`') // '489,836 ops @ 8162.9 ops/s'
 */
export function plainText(text: string | null | undefined): string {
  return String(text ?? '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
