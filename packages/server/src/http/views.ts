/**
 * @module http/views
 * Rows as the API shows them: WIB timestamps, category names, bank names. Secrets are already
 * gone by the time rows get here (repositories strip them) and the response schemas drop any
 * field they don't name.
 */
import { formatWibDateTime } from 'mutasibank';
import type { Account } from '../store/accounts.js';
import type { MutationWithCategory } from '../store/mutations.js';
import type { BotRunRow, CategoryRow, InvoiceRow } from '../store/schema.js';
import type { Webhook } from '../store/webhooks.js';

/** A bank the server supports, as `list_bank` shows it. */
export interface BankInfo {
  id: number;
  bankName: string;
  module: string;
  isActive: boolean;
  isMaintenance: boolean;
}

function wib(ms: number): string;
function wib(ms: number | null): string | null;
function wib(ms: number | null): string | null {
  return ms === null ? null : formatWibDateTime(new Date(ms));
}

export function accountView(a: Account, banks: ReadonlyMap<number, BankInfo>) {
  return {
    id: a.id,
    bank_id: a.bank_id,
    bank: banks.get(a.bank_id)?.bankName ?? a.module,
    module: a.module,
    account_no: a.account_no,
    account_name: a.account_name,
    balance: a.balance,
    is_active: a.is_active,
    schedule_minutes: a.schedule_minutes,
    url_callback: a.url_callback,
    email_notification: a.email_notification,
    wa_number: a.wa_number,
    telegram_id: a.telegram_id,
    note: a.note,
    credentials_set: a.credentials_set,
    last_bot_activity: wib(a.last_bot_activity),
    next_bot_process: a.is_active ? wib(a.next_bot_process) : null,
    created_at: wib(a.created_at),
    updated_at: wib(a.updated_at),
  };
}

export function mutationView(m: MutationWithCategory) {
  return {
    id: m.id,
    account_id: m.account_id,
    transaction_date: m.transaction_date,
    description: m.description,
    type: m.type,
    amount: m.amount,
    balance: m.balance,
    category: m.category,
    created_at: wib(m.created_at),
  };
}

export function categoryView(c: CategoryRow) {
  return { id: c.id, category: c.name, type: c.type, description: c.description };
}

export function webhookView(w: Webhook) {
  return {
    id: w.id,
    url: w.url,
    bank_account_id: w.account_id,
    description: w.description,
    is_active: w.is_active,
    include_api_key: w.include_api_key,
    standard_signature: w.standard_signature,
    ordered: w.ordered,
    disabled_reason: w.disabled_reason,
    failing_since: wib(w.failing_since),
    created_at: wib(w.created_at),
  };
}

export function bankView(b: BankInfo) {
  return {
    id: b.id,
    bank_name: b.bankName,
    module_name: b.module,
    is_active: b.isActive ? 1 : 0,
    is_maintenance: b.isMaintenance ? 1 : 0,
  };
}

export function botRunView(r: BotRunRow) {
  return {
    id: r.id,
    trigger: r.trigger,
    start: wib(r.started_at),
    end: wib(r.finished_at),
    rows_found: r.rows_read,
    rows_new: r.rows_new,
    status: r.outcome,
    error: r.error,
  };
}

/** An invoice as the API and its `invoice.*` events show it. */
export function invoiceView(i: InvoiceRow) {
  return {
    id: i.id,
    account_id: i.account_id,
    amount: i.amount,
    unique_code: i.unique_code,
    total: i.total,
    reference: i.reference,
    description: i.description,
    status: i.status,
    created_at: wib(i.created_at),
    valid_from: wib(i.valid_from),
    expires_at: wib(i.expires_at),
    paid_mutation_id: i.paid_mutation_id,
    paid_at: wib(i.paid_at),
    paid_via: i.paid_via,
    review_reason: i.review_reason,
    review_mutation_id: i.review_mutation_id,
    review_difference: i.review_difference,
    reviewed_at: wib(i.reviewed_at),
    closed_at: wib(i.closed_at),
    topup_user_id: i.topup_user_id,
    updated_at: wib(i.updated_at),
  };
}

/** The `data` of an `invoice.*` event: the invoice view. */
export type InvoiceView = ReturnType<typeof invoiceView>;
