import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { redactUrl, resolveFleetUrl } from './fleetConnection.ts';

test('the connection string from the argument, a file or the environment; a wrong one named without its password', () => {
  assert.equal(resolveFleetUrl('postgres://h/db'), 'postgres://h/db');
  assert.equal(resolveFleetUrl('env', { ROUNDBOOK_FLEET_URL: ' postgresql://h/db ' }), 'postgresql://h/db');
  assert.equal(resolveFleetUrl('env:X', { X: 'postgres://u@h/db' }), 'postgres://u@h/db');
  const dir = mkdtempSync(join(tmpdir(), 'rb-fleet-url-'));
  try {
    writeFileSync(join(dir, 'url'), 'postgres://u:pw@h/db\nsecond line\n');
    assert.equal(resolveFleetUrl(`@${join(dir, 'url')}`), 'postgres://u:pw@h/db');
    assert.throws(() => resolveFleetUrl(`@${join(dir, 'missing')}`), /cannot read .*missing: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => resolveFleetUrl('env:NOPE', {}), /environment variable NOPE is not set/);
  assert.throws(
    () => resolveFleetUrl('mysql://u:secret@h/db'),
    (err: Error) =>
      /mysql:\/\/u:\*\*\*@h\/db is not a postgres:\/\//.test(err.message) && !err.message.includes('secret'),
  );
  assert.equal(redactUrl('postgres://u:secret@h:5432/db'), 'postgres://u:***@h:5432/db');
  assert.equal(redactUrl('postgres://u@h/db'), 'postgres://u@h/db');
});
