/**
 * The command registry lists each command by the name and summary its module
 * gives, so `roundbook --help` (which loads no command) says what
 * `roundbook COMMAND --help` says.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from './index.ts';

test('every registry entry loads the command of that name and summary', async () => {
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.deepEqual(
      { name: command.name, summary: command.summary },
      { name: entry.name, summary: entry.summary },
    );
  }
});
