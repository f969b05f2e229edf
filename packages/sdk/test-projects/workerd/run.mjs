/**
 * workerd smoke runner (Node): bundles worker.mjs against the BUILT package with the conditions
 * wrangler uses for Workers, runs it in workerd through Miniflare, and prints the summary line.
 * Run: node packages/sdk/test-projects/workerd/run.mjs (after npm run build).
 */
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { reportSmoke } from '../shared/webhook-smoke.mjs';

const bundle = await build({
  entryPoints: [new URL('./worker.mjs', import.meta.url).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'error',
});
const inputs = Object.keys(bundle.metafile.inputs);
const sdkFiles = inputs.filter((path) => path.includes('packages/sdk/dist/'));

const mf = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0].text,
  compatibilityDate: '2025-01-01',
  bindings: {
    SMOKE_URL: process.env.MUTASIBANK_SMOKE_URL ?? '',
    SMOKE_TOKEN: process.env.MUTASIBANK_SMOKE_TOKEN ?? '',
  },
});
let code = 1;
try {
  const response = await mf.dispatchFetch('http://localhost/');
  const result = await response.json();
  if (!sdkFiles.some((path) => path.endsWith('dist/web.js')))
    result.failures.push('did not resolve dist/web.js');
  if (sdkFiles.some((path) => path.endsWith('dist/node.js'))) result.failures.push('pulled in dist/node.js');
  code = reportSmoke('workerd', result, {
    resolved: sdkFiles.filter((p) => /dist\/(web|node|index)\.js$/.test(p)),
  });
} finally {
  await mf.dispose();
}
process.exit(code);
