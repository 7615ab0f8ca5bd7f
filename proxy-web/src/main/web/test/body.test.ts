import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hexDump, mediaType, viewOf } from '../src/body';
import type { Body } from '../src/model';

function body(bytes: Uint8Array | string, contentType: string, more: Partial<Body> = {}): Body {
  const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { size: raw.length, contentType, base64: Buffer.from(raw).toString('base64'), truncated: false,
    streamed: false, decodeError: null, ...more };
}

test('JSON is pretty-printed, whatever its Content-Type says', () => {
  assert.deepEqual(viewOf(body('{"a":[1,2]}', 'application/json')), { kind: 'json', text: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
  assert.equal(viewOf(body('[{"b":true}]', 'text/plain')).kind, 'json');
  assert.equal(viewOf(body('{"a":1}', 'application/problem+json; charset=utf-8')).kind, 'json');
});

test('JSON that does not parse, a truncated body say, is shown as text', () => {
  assert.deepEqual(viewOf(body('{"a":[1,', 'application/json', { truncated: true, size: 100 })), { kind: 'text', text: '{"a":[1,' });
});

test('an image is shown as an image, from its own bytes', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual(viewOf(body(png, 'image/png')), { kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=' });
});

test('text is text and binary is hex', () => {
  assert.deepEqual(viewOf(body('héllo\nwörld', 'text/plain; charset=utf-8')), { kind: 'text', text: 'héllo\nwörld' });
  const binary = viewOf(body(new Uint8Array([0, 1, 2, 0x41, 0xff]), 'application/octet-stream'));
  assert.deepEqual(binary, { kind: 'hex', text: '00000000  00 01 02 41 ff' + ' '.repeat(33) + '  |...A.|' });
});

test('an empty or streamed body says so', () => {
  assert.equal(viewOf(body('', 'text/plain')).kind, 'empty');
  assert.equal(viewOf(body('', 'text/plain', { streamed: true })).kind, 'streamed');
});

test('a hex dump has sixteen bytes a line with their offset', () => {
  const lines = hexDump(new TextEncoder().encode('0123456789abcdefXYZ')).split('\n');
  assert.equal(lines.length, 2);
  assert.equal(lines[0], '00000000  30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  |0123456789abcdef|');
  assert.ok(lines[1].startsWith('00000010  58 59 5a '));
  assert.ok(lines[1].endsWith('|XYZ|'));
});

test('the media type drops parameters and case', () => {
  assert.equal(mediaType('Text/HTML; charset=UTF-8'), 'text/html');
});
