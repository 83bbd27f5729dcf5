/**
 * Crash reports: format detection, parsers for `.ips`, text `.crash` and the
 * team's `crash_summary.json`, signatures (see signature/rules/README.md) and a
 * generator of synthetic `.ips` files for benchmarks. All pure except for
 * reading the shipped rule lists and fixture templates.
 */
export { appleTimeToIso } from './appleTime.ts';
export { looksBinary } from './binaryText.ts';
export { buildCrash, type CrashFacts, hashedUid } from './buildCrash.ts';
export { type CrashFormat, detectCrashFormat } from './detectFormat.ts';
export { type FaultFacts, faultFacts } from './faultFacts.ts';
export { type FrameFacts, frameText, TOP_FRAMES } from './frameText.ts';
export { generateIpsFiles, IPS_TEMPLATES } from './generateIps.ts';
export { jsonArrayOffsets } from './jsonArrayOffsets.ts';
export { jsonFailure, lineAt } from './jsonFailure.ts';
export { capturePrefixTime, originalName, type ReportNameParts, reportNameParts } from './originalName.ts';
export { CRASH_PARSERS, parseCrashFile } from './parseCrashFile.ts';
export { parseCrashSummary } from './parseCrashSummary.ts';
export { parseCrashText } from './parseCrashText.ts';
export { parseIps } from './parseIps.ts';
export * from './signature/index.ts';
