import type { Problem } from '../../store/rawTables.ts';
import { appleTimeToIso } from './appleTime.ts';
import { looksBinary } from './binaryText.ts';
import { buildCrash, hashedUid } from './buildCrash.ts';
import { faultFacts } from './faultFacts.ts';
import { frameText, TOP_FRAMES } from './frameText.ts';
import { jsonFailure } from './jsonFailure.ts';
import { originalName } from './originalName.ts';
import type { ParsedCrashes } from './parsedCrashes.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Parses a macOS/iOS `.ips` crash report: a one-line JSON header followed by
 * the JSON body, or the older single-document form (one JSON object holding
 * the body, header fields optional). Reads from the faulting thread the
 * exception type, signal, subtype, fault address, pointer-authentication flag
 * and top frames (image name through `usedImages[imageIndex]`; unsymbolicated
 * frames keep image + offset), plus process, pid, capture time (ISO UTC), OS
 * version with build, and model.
 *
 * Crash uid: `incident:` + the incident id (shared with a `.crash` rendering
 * of the same report), else `crash:` + a hash of process, pid and capture time.
 * Binary, non-JSON or truncated input gives no crash and a problem; it never throws.
 */
export function parseIps(text: string, path: string): ParsedCrashes {
  try {
    return parseIpsUnchecked(text, path);
  } catch (err) {
    return {
      crashes: [],
      captures: [],
      problems: [{ line: null, message: `unreadable .ips: ${(err as Error).message}` }],
    };
  }
}

function splitDocuments(text: string): { header: Json | null; body: Json } | Problem {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch {
    header = undefined;
  }
  if (isObject(header)) {
    const rest = nl < 0 ? '' : text.slice(nl + 1);
    if (!rest.trim()) {
      if ('threads' in header || 'procName' in header) return { header: null, body: header };
      return { line: 2, message: 'truncated .ips: header only, the body is missing' };
    }
    try {
      const body = JSON.parse(rest);
      if (!isObject(body)) return { line: 2, message: '.ips body is not a JSON object' };
      return { header, body };
    } catch (err) {
      return jsonFailure(err, rest, 2, '.ips body');
    }
  }
  try {
    const body = JSON.parse(text);
    if (!isObject(body)) return { line: 1, message: '.ips report is not a JSON object' };
    return { header: null, body };
  } catch (err) {
    return jsonFailure(err, text, 1, '.ips report');
  }
}

function parseIpsUnchecked(text: string, path: string): ParsedCrashes {
  if (looksBinary(text))
    return {
      crashes: [],
      captures: [],
      problems: [{ line: null, message: 'binary content, not an .ips report' }],
    };
  const docs = splitDocuments(text.replace(/^\uFEFF/, ''));
  if ('message' in docs) return { crashes: [], captures: [], problems: [docs] };
  const { body } = docs;
  const header = docs.header ?? body;
  const problems: Problem[] = [];

  const exception = isObject(body.exception) ? body.exception : {};
  const type = str(exception.type);
  const subtype = str(exception.subtype);
  if (!type) problems.push({ line: null, message: '.ips has no exception type' });
  const fault = faultFacts(subtype);
  if (!fault.fault_address && type === 'EXC_BAD_ACCESS') {
    const codes = str(exception.codes)?.split(/,\s*/);
    if (codes?.[1] && /^0x[0-9a-fA-F]+$/.test(codes[1])) fault.fault_address = codes[1].toLowerCase();
  }

  const threads = Array.isArray(body.threads) ? body.threads.filter(isObject) : [];
  const faulting = num(body.faultingThread);
  const thread =
    (faulting !== null && Array.isArray(body.threads) && isObject(body.threads[faulting])
      ? body.threads[faulting]
      : undefined) ?? threads.find((t) => t.triggered === true);
  if (!thread) problems.push({ line: null, message: '.ips has no faulting thread: no frames' });
  const images = Array.isArray(body.usedImages) ? body.usedImages : [];
  const rawFrames = thread && Array.isArray(thread.frames) ? thread.frames.filter(isObject) : [];
  const frames = rawFrames.slice(0, TOP_FRAMES).map((f) => {
    const index = num(f.imageIndex);
    const image = index !== null && isObject(images[index]) ? images[index] : null;
    return frameText({
      image: image ? (str(image.name) ?? str(image.path)?.split('/').pop() ?? null) : null,
      symbol: str(f.symbol),
      symbolOffset: num(f.symbolLocation),
      imageOffset: num(f.imageOffset),
    });
  });
  const top = rawFrames[0];

  const process = str(body.procName) ?? str(header.app_name) ?? str(header.name);
  const pid = num(body.pid);
  const captureTime = str(body.captureTime) ?? str(header.timestamp);
  const captured_at = appleTimeToIso(captureTime);
  const os = isObject(body.osVersion) ? body.osVersion : null;
  const os_version = os
    ? [str(os.train), str(os.build) ? `(${str(os.build)})` : null].filter(Boolean).join(' ') || null
    : str(header.os_version);
  const incident = str(body.incident) ?? str(header.incident_id);

  const crash = buildCrash({
    line: 1,
    crash_uid: incident ? `incident:${incident}` : hashedUid('crash', [process, pid, captured_at]),
    captured_at,
    process,
    pid,
    exception_type: type,
    signal: str(exception.signal),
    subtype,
    fault_address: fault.fault_address,
    pac_failure: fault.pac_failure,
    crashed_symbol: top ? str(top.symbol) : null,
    frames,
    original_name: originalName(path),
    duplicates_folded: 0,
    os_version,
    model: str(body.modelCode) ?? str(header.model),
    round_uid: null,
  });
  return { crashes: [crash], captures: [], problems };
}
