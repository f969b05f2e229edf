/**
 * Rewrites the configuration table of README.md from the server's CONFIG_DOC, then formats it:
 *   node --import tsx --conditions=source scripts/readme-config.ts
 * test/readme.test.ts fails when the README's table and CONFIG_DOC disagree.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigTable } from '@mutasibank/server';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';
const path = fileURLToPath(new URL('../README.md', import.meta.url));
const text = readFileSync(path, 'utf8');
const a = text.indexOf(START);
const b = text.indexOf(END);
if (a < 0 || b < a) throw new Error('README.md has no config-table markers');
writeFileSync(path, `${text.slice(0, a + START.length)}\n${renderConfigTable()}\n${text.slice(b)}`);
// Biome pads Markdown tables; format so the lint step of `npm test` stays green.
const biome = fileURLToPath(new URL('../node_modules/@biomejs/biome/bin/biome', import.meta.url));
execFileSync(process.execPath, [biome, 'format', '--write', path], { stdio: 'inherit' });
