import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlowDetail, FlowSummary } from '../src/model';
import { matchesText, ReportSource } from '../src/source';

function flow(id: string, method: string, url: string, status: number | null): FlowSummary {
  return { id, seq: 0, method, url, status, reason: '', size: 0, duration: 1, created: 0, httpVersion: 'HTTP/1.1',
    error: null, websocket: false, grpc: false, replay: null, marker: '' };
}

test('a report search matches every word in the method, URL or status', () => {
  const post = flow('1', 'POST', 'https://api.example.com/orders', 201);
  assert.ok(matchesText(post, 'post orders'));
  assert.ok(matchesText(post, '201'));
  assert.ok(matchesText(post, '  '));
  assert.ok(!matchesText(post, 'post users'));
});

test('a report lists the flows its search matches and opens any of them', async () => {
  const flows = [flow('a', 'GET', 'http://x.test/one', 200), flow('b', 'GET', 'http://x.test/two', 404)] as FlowDetail[];
  const report = new ReportSource({ title: 'T', created: 0, flows });
  let shown: FlowSummary[] = [];
  await report.open('two', (list) => (shown = list), () => {});
  assert.deepEqual(shown.map((f) => f.id), ['b']);
  assert.equal((await report.detail('a')).url, 'http://x.test/one');
  await assert.rejects(report.detail('zzz'), /no flow zzz in this report/);
  assert.equal(report.downloadUrl(), null);
});
