import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { campaignErrors, parseCampaign } from './campaign.ts';

const dir = join(import.meta.dirname, 'fixtures', 'bad-campaigns');
const expectedPath = join(dir, 'expected.json');

test('bad campaign files: each error names file, line and field (golden)', () => {
  const actual: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const { errors } = campaignErrors(readFileSync(join(dir, name), 'utf8'), name);
    assert.ok(errors.length > 0, `${name}: expected an error`);
    actual[name] = errors[0].message;
  }
  if (process.env.UPDATE === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
  assert.deepEqual(actual, expected);
  assert.ok(Object.keys(actual).length >= 12);
  for (const [name, message] of Object.entries(actual))
    assert.match(message, new RegExp(`^${name.replace('.', '\\.')}:\\d+: `));
});

test('the shipped campaigns are valid and defaults are applied', () => {
  for (const name of ['demo.yaml', 'mac-native-vs-v2.9.yaml']) {
    const path = join(import.meta.dirname, '..', 'data', 'campaigns', name);
    const c = parseCampaign(readFileSync(path, 'utf8'), path);
    assert.equal(Object.keys(c.configs).length, 2);
  }
  const c = parseCampaign('command: [node, x.js]\nconfigs:\n  a: {}\n', 'min.yaml');
  assert.equal(c.name, 'min');
  assert.deepEqual(c.retry, { attempts: 1, on_signals: ['SIGSEGV'], on_exit_codes: [139], pause: 2 });
  assert.equal(c.order, 'interleaved');
  assert.equal(c.timeout, 600);
  const s = parseCampaign(
    'command: [node]\ntimeout: 2m\nconfigs: {a: {}}\ncrash_reports: {settle: 500ms}\n',
    'd.yaml',
  );
  assert.equal(s.timeout, 120);
  assert.equal(s.crash_reports?.settle, 0.5);
});
