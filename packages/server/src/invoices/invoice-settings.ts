/**
 * @module invoices/invoice-settings
 * The server's invoice policy: the unique-code range and mode, the default validity window, the
 * grace period and amount tolerance of matching, and how often overdue invoices are expired.
 * Filled from the environment by `loadConfig` (see `CONFIG_DOC`), passed in everywhere else.
 */
import { type AmountTolerance, DEFAULT_AMOUNT_TOLERANCE, type UniqueCodeMode } from 'mutasibank';

/** Invoice settings. */
export interface InvoiceSettings {
  /** Smallest unique code (0 allowed: the bare amount is then one of the totals). */
  codeMin: number;
  /** Largest unique code. */
  codeMax: number;
  /** `add`: total = amount + code; `subtract`: total = amount - code. Top-ups always add. */
  codeMode: UniqueCodeMode;
  /** Validity window of an invoice created without `expires_at`. */
  defaultValidityMs: number;
  /** After `expires_at`, a credit within this long pays the invoice as `paid_late`. */
  gracePeriodMs: number;
  /** How close a credit without a usable reference must be to a total to go to review. */
  tolerance: AmountTolerance;
  /** How often the sweep expires overdue invoices. */
  sweepIntervalMs: number;
}

/** The defaults: codes 1..999 added, 24 h validity, no grace, Rp 1.000 tolerance, sweep each minute. */
export const DEFAULT_INVOICE_SETTINGS: InvoiceSettings = Object.freeze({
  codeMin: 1,
  codeMax: 999,
  codeMode: 'add',
  defaultValidityMs: 24 * 3_600_000,
  gracePeriodMs: 0,
  tolerance: DEFAULT_AMOUNT_TOLERANCE,
  sweepIntervalMs: 60_000,
});
