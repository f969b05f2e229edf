/**
 * Bun smoke: the built package through its exports map (dist/node.js), every vector through every
 * verifier, sign/verify round trips. Run after npm run build:
 * node_modules/.bin/bun packages/sdk/test-projects/bun/smoke.mjs
 */
import { runNodeBuildSmoke } from '../shared/node-build-smoke.mjs';

process.exit(await runNodeBuildSmoke('bun', Bun.version));
