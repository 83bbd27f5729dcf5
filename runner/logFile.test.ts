import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROUND_LOG_VERSION } from '../store/roundLog.ts';
import { LogWriter } from './logFile.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-logfile-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('every line starts {"v":<version>,"seq":<its line number>, (what the ingest numbers lines by)', () => {
  const path = join(root, 'a.jsonl');
  const log = new LogWriter(path, { campaign: 'c', run: 'r', host: 'h' }, () => new Date(0));
  log.write({ type: 'end', complete: true, reason: 'x' });
  log.writeAll([
    { type: 'end', complete: false, reason: 'y' },
    { type: 'end', complete: true, reason: 'z' },
  ]);
  log.close();
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  assert.equal(lines.length, 3);
  lines.forEach((line, i) => {
    assert.ok(line.startsWith(`{"v":${ROUND_LOG_VERSION},"seq":${i + 1},`), line);
  });
});
