import { readFileSync } from 'node:fs';
import { renderConfigTable } from '@mutasibank/server';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** A Markdown table as rows of trimmed cells (Biome pads the columns; the content is what counts). */
function cells(table: string | undefined): string[][] {
  return (table ?? '')
    .trim()
    .split('\n')
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe('README', () => {
  it('documents every setting, as the server defines them (scripts/readme-config.ts rewrites it)', () => {
    const table = readme.split('<!-- config-table:start -->')[1]?.split('<!-- config-table:end -->')[0];
    expect(cells(table).length).toBeGreaterThan(10);
    expect(cells(table)).toEqual(cells(renderConfigTable()));
  });
  it('gives the two set-up commands that CI and the hook rely on', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
  it('links only docs that exist', () => {
    for (const [, path] of readme.matchAll(/\]\((docs\/[^)]+)\)/g)) {
      expect(() => readFileSync(new URL(`../${path}`, import.meta.url)), path).not.toThrow();
    }
  });
});
