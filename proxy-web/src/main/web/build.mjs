// Bundles the page (src/main.tsx and its CSS) into app.js and app.css for proxy-web's jar, or,
// with --tests, each test/*.test.ts into proxy-web/target/page-tests for `node --test`.
// Usage: node build.mjs [--outdir=DIR] | node build.mjs --tests
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const common = { bundle: true, jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'warning' };

if (args.includes('--tests')) {
  const tests = readdirSync('test').filter((name) => name.endsWith('.test.ts')).map((name) => `test/${name}`);
  await build({ ...common, entryPoints: tests, outdir: '../../../target/page-tests', platform: 'node', format: 'esm',
    outExtension: { '.js': '.mjs' } });
} else {
  const outdir = args.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? '../../../target/page';
  await build({ ...common, entryPoints: { app: 'src/main.tsx' }, outdir, format: 'iife', target: 'es2020',
    minify: true, legalComments: 'none' });
}
