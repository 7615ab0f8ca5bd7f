import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleRows } from '../src/virtualList';

test('only the rows on screen and a few around them are rendered', () => {
  assert.deepEqual(visibleRows(0, 240, 24, 5000, 5), { start: 0, end: 15 });
  assert.deepEqual(visibleRows(24 * 1000, 240, 24, 5000, 5), { start: 995, end: 1015 });
});

test('the range stays inside the list', () => {
  assert.deepEqual(visibleRows(24 * 4990, 480, 24, 5000, 5), { start: 4985, end: 5000 });
  assert.deepEqual(visibleRows(0, 480, 24, 3, 5), { start: 0, end: 3 });
  assert.deepEqual(visibleRows(-50, 240, 24, 0, 5), { start: 0, end: 0 });
});
