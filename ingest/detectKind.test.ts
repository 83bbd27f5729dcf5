import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectKind } from './detectKind.ts';

const crashText =
  'Process:               Python [4242]\nPath: /usr/bin/python3\n\nException Type:        EXC_BAD_ACCESS (SIGSEGV)\n';

test('content decides: a crash report saved as .txt is a crash report', () => {
  assert.equal(detectKind('x/crash.txt', crashText), 'crash_report');
  assert.equal(detectKind('x/a.ips', '{"app_name":"Python"}\n{}'), 'crash_report');
  assert.equal(
    detectKind('x/crash_summary.json', '{"crashes": [{"file": "a.ips"}], "last_check": "x"}'),
    'crash_summary',
  );
  assert.equal(detectKind('x/run.jsonl', '{"v":1}\n'), 'round_log');
});

test('Markdown that quotes a crash report is still a report', () => {
  assert.equal(detectKind('x/CRASH_ANALYSIS.md', `# Crash analysis\n\n${crashText}`), 'report');
  assert.equal(detectKind('x/notes.txt', `# Notes\n\nExcerpt:\n${crashText}`), 'report');
});

test('JSON of another shape is none of ours', () => {
  assert.equal(detectKind('x/soak_test.json', '{"duration_seconds": 60}'), null);
});
