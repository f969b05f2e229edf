/**
 * @module commands/import-report
 * The per-file text `mutasibank import` prints: counts, checks, the rejected lines with their
 * numbers and reasons, and what happened to the file.
 */
import type { ImportSummary } from '@mutasibank/server';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function footerText(footer: ImportSummary['footer']): string {
  if (footer.status === 'ok') return footer.pending_included ? 'ok (its totals include the PEND rows)' : 'ok';
  if (footer.status === 'mismatch') return `MISMATCH: ${(footer.problems ?? []).join('; ')}`;
  return `not available (${footer.reason ?? 'no footer'})`;
}

function outcomeText(s: ImportSummary): string {
  if (s.refused?.reason === 'incomplete') {
    // The footer and the rejected lines are listed above; the server's sentence repeats them.
    return `REFUSED: the file did not pass its check; nothing was stored (--partial stores the ${plural(s.read, 'row')} that were read)`;
  }
  if (s.refused) return `REFUSED: ${s.refused.message}`;
  if (s.dry_run) return `dry run: ${plural(s.new, 'new row')} would be stored; nothing was stored`;
  const partial =
    s.partial && (s.rejected_count > 0 || s.footer.status === 'mismatch')
      ? ' (partial import: the file did not pass its check)'
      : '';
  return `stored ${plural(s.new, 'new row')}${partial}`;
}

/** The lines printed for one imported file (`label` is the path the user gave). */
export function formatImportSummary(label: string, s: ImportSummary): string {
  const out = [
    `${label}: ${s.format_label} (${s.variant}), ${plural(s.lines, 'line')}`,
    `  read ${s.read}, new ${s.new}, duplicate ${s.duplicate}, pending ${s.pending} (PEND rows, skipped), rejected ${s.rejected_count}`,
    `  footer: ${footerText(s.footer)}`,
  ];
  const a = s.account_check;
  if (a.status === 'mismatch' || a.status === 'forced') {
    out.push(
      `  account: the file is for ${a.file_account_no}, the account is ${a.account_no}${a.status === 'forced' ? ' (check forced off)' : ''}`,
    );
  }
  if (s.running_balance.status === 'broken')
    out.push(`  running balance: breaks at line ${s.running_balance.line}: ${s.running_balance.reason}`);
  for (const r of s.rejected) out.push(`  line ${r.line}: ${r.reason}`);
  if (s.rejected_count > s.rejected.length)
    out.push(`  ... and ${s.rejected_count - s.rejected.length} more rejected lines`);
  out.push(`  ${outcomeText(s)}`);
  return `${out.join('\n')}\n`;
}
