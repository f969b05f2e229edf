#!/usr/bin/env node
// The published entry: runs the compiled CLI. In this repository `npm install` builds dist/ (the
// root `prepare` script); during development `npm run dev:cli -- <args>` runs the sources instead.
import { main } from '../dist/main.js';

await main(process.argv);
