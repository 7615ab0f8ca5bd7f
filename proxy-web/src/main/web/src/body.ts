// How a body is shown: JSON pretty-printed, images as images, text as text, hex for the rest.
import type { Body } from './model';

export type BodyView =
  | { kind: 'empty' }
  | { kind: 'streamed' }
  | { kind: 'json'; text: string }
  | { kind: 'image'; src: string }
  | { kind: 'text'; text: string }
  | { kind: 'hex'; text: string };

const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|bmp|x-icon|vnd\.microsoft\.icon|avif|svg\+xml)$/;

/** The view of {@code body}, chosen from its Content-Type and, failing that, its bytes. */
export function viewOf(body: Body): BodyView {
  if (body.streamed) {
    return { kind: 'streamed' };
  }
  if (body.size === 0) {
    return { kind: 'empty' };
  }
  const type = mediaType(body.contentType);
  const bytes = decodeBase64(body.base64);
  if (IMAGE_TYPES.test(type) && !body.truncated) {
    return { kind: 'image', src: `data:${type};base64,${body.base64}` };
  }
  const text = utf8(bytes);
  if (text !== null && (type.endsWith('json') || looksLikeJson(text))) {
    const pretty = prettyJson(text);
    if (pretty !== null) {
      return { kind: 'json', text: pretty };
    }
  }
  if (text !== null && isPrintable(text)) {
    return { kind: 'text', text };
  }
  return { kind: 'hex', text: hexDump(bytes) };
}

/** The media type of a Content-Type value, lower case, without parameters. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** JSON indented by two spaces, or null when {@code text} is not JSON. */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** Lines of 16 bytes: the offset, the bytes in hex, and the printable ASCII ones. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** The bytes as UTF-8, or null when they are not UTF-8 (a truncated last character is forgiven). */
function utf8(bytes: Uint8Array): string | null {
  for (let cut = 0; cut < 4 && cut <= bytes.length; cut++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // a body cut inside a character: try without its last bytes
    }
  }
  return null;
}

function looksLikeJson(text: string): boolean {
  const start = text.trimStart()[0];
  return start === '{' || start === '[';
}

function isPrintable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}
