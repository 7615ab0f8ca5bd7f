import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatClock, formatDuration, formatSize } from '../src/format';

test('sizes read as mitmproxy writes them', () => {
  assert.equal(formatSize(0), '0b');
  assert.equal(formatSize(512), '512b');
  assert.equal(formatSize(1536), '1.5k');
  assert.equal(formatSize(3 * 1024 * 1024), '3.0m');
  assert.equal(formatSize(null), '');
});

test('durations are milliseconds below a second', () => {
  assert.equal(formatDuration(35.4), '35ms');
  assert.equal(formatDuration(1200), '1.20s');
  assert.equal(formatDuration(null), '');
});

test('clock times are UTC with milliseconds', () => {
  assert.equal(formatClock(Date.UTC(2026, 0, 2, 12, 3, 7, 123)), '12:03:07.123');
});
