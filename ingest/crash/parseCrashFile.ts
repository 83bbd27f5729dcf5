import { type CrashFormat, detectCrashFormat } from './detectFormat.ts';
import { parseCrashSummary } from './parseCrashSummary.ts';
import { parseCrashText } from './parseCrashText.ts';
import type { ParsedCrashes } from './parsedCrashes.ts';
import { parseIps } from './parseIps.ts';

/** The parser of each crash format (exhaustive: a new format fails to compile until it has one). */
export const CRASH_PARSERS: Record<CrashFormat, (text: string, path: string) => ParsedCrashes> = {
  ips: parseIps,
  crash: parseCrashText,
  crash_summary: parseCrashSummary,
};

/**
 * Detects the format from the content and parses with the matching parser.
 * Content that is no crash format gives no crash and one problem naming the
 * file's extension, so the ingester can record it on `sources`. Never throws.
 */
export function parseCrashFile(text: string, path: string): ParsedCrashes & { format: CrashFormat | null } {
  const format = detectCrashFormat(text);
  if (format) return { format, ...CRASH_PARSERS[format](text, path) };
  const reason = text.includes('\0') ? 'binary content' : 'content is not an .ips, .crash or crash summary';
  return {
    format: null,
    crashes: [],
    captures: [],
    problems: [{ line: null, message: `not a crash report: ${reason}` }],
  };
}
