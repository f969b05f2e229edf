/**
 * Deno smoke: the built package through its exports map (dist/node.js), every vector through every
 * verifier, sign/verify round trips. Run after npm run build:
 * node_modules/.bin/deno run --allow-read --allow-env packages/sdk/test-projects/deno/smoke.mjs
 */
import { runNodeBuildSmoke } from '../shared/node-build-smoke.mjs';

process.exit(await runNodeBuildSmoke('deno', Deno.version.deno));
