/**
 * @module http/schemas
 * Shapes shared by several routes: the response objects (which also keep secrets out, since a
 * response schema serialises only the fields it names) and common params. Route-specific request
 * schemas live with their routes.
 */
import { type TSchema, Type } from 'typebox';

const WIB_DESCRIPTION = 'WIB (UTC+7) time, YYYY-MM-DD HH:mm:ss';
const WibTimestamp = Type.String({ description: WIB_DESCRIPTION });
// Response schemas spell "string or null" and enums as `type` arrays, not `anyOf`: the
// serializer (fast-json-stringify) tests every anyOf branch per value, which made a 40,000-row
// statement several times slower to send than to query.
/** "String or null" in a response schema, spelled as a `type` array. */
export const NullableString = (description?: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...(description && { description }) });
const MutationType = Type.Unsafe<'CR' | 'DB'>({ type: 'string', enum: ['CR', 'DB'] });
const Flag = Type.Integer({ minimum: 0, maximum: 1, description: '1 yes, 0 no' });

/** Path param `{id}` of integer resources. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) });

/** `YYYY-MM-DD`. */
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (WIB)' });

/** A positive integer number of rupiah. */
export const Rupiah = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'integer rupiah',
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Literal(true),
    code: Type.String(),
    message: Type.String(),
    error_message: Type.String(),
  },
  { $id: 'ErrorResponse' },
);

export const MessageResponse = Type.Object({ error: Type.Literal(false), message: Type.String() });

export const Account = Type.Object({
  id: Type.Integer(),
  bank_id: Type.Integer(),
  bank: Type.String({ description: 'bank name' }),
  module: Type.String({ description: 'connector module: bca, bri, mandiri, simulator, ...' }),
  account_no: Type.String(),
  account_name: Type.String(),
  balance: Type.Integer(),
  is_active: Flag,
  schedule_minutes: Type.Integer(),
  url_callback: NullableString(),
  email_notification: NullableString(),
  wa_number: NullableString(),
  telegram_id: NullableString(),
  note: NullableString(),
  credentials_set: Type.Array(Type.String(), {
    description: 'which credential fields are stored (never their values)',
  }),
  last_bot_activity: NullableString(WIB_DESCRIPTION),
  next_bot_process: NullableString(WIB_DESCRIPTION),
  created_at: WibTimestamp,
  updated_at: WibTimestamp,
});

export const Mutation = Type.Object({
  id: Type.String({ description: 'UUID' }),
  account_id: Type.Integer(),
  transaction_date: WibTimestamp,
  description: Type.String(),
  type: MutationType,
  amount: Type.Integer(),
  balance: Type.Integer({ description: 'after the transaction; 0 where the bank does not say' }),
  category: NullableString(),
  created_at: WibTimestamp,
});

export const Category = Type.Object({
  id: Type.Integer(),
  category: Type.String(),
  type: MutationType,
  description: NullableString(),
});

export const Webhook = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  bank_account_id: Type.Integer(),
  description: NullableString(),
  is_active: Flag,
  include_api_key: Flag,
  standard_signature: Flag,
  ordered: Flag,
  disabled_reason: NullableString(),
  failing_since: NullableString(WIB_DESCRIPTION),
  created_at: WibTimestamp,
});

export const Bank = Type.Object({
  id: Type.Integer(),
  bank_name: Type.String(),
  module_name: Type.String(),
  is_active: Flag,
  is_maintenance: Flag,
});

export const BotRun = Type.Object({
  id: Type.Integer(),
  trigger: Type.String(),
  start: WibTimestamp,
  end: NullableString(WIB_DESCRIPTION),
  rows_found: Type.Integer(),
  rows_new: Type.Integer(),
  status: Type.String({ description: 'running, ok, error or timeout' }),
  error: NullableString(),
});

/** Success envelope `{ error: false, data }`. */
export const DataResponse = <T extends TSchema>(data: T) => Type.Object({ error: Type.Literal(false), data });

/** Response schemas every route shares for its error statuses. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  500: ErrorResponse,
} as const;
