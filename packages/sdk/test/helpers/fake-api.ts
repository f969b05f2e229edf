/**
 * @module test/helpers/fake-api
 * A {@link RecordingHandler} that answers every endpoint of the spec like the hosted service
 * would, from fixed fixtures (including its quirks: money as `"100000.00"` strings, flags as
 * `1`). For tests that run real code (the README example, the CLI) against a local stand-in.
 */
import type { CannedResponse, RecordedRequest, RecordingHandler } from './recording-server.js';

/** The data the fake API serves. Amounts in the raw, hosted-service style. */
export const FAKE_API_FIXTURES = {
  user: { name: 'Toko Contoh', email: 'owner@example.co.id', saldo: '250000.00', package: 'Basic' },
  banks: [{ id: 1, bank_name: 'BCA', module_name: 'bca', is_active: 1, is_maintenance: 0 }],
  account: {
    id: 42,
    bank: 'BCA',
    module: 'bca',
    account_no: '1234567890',
    account_name: 'PT Contoh',
    balance: '5000000.00',
    is_active: 1,
    last_bot_activity: '2025-01-10 14:30:00',
    next_bot_process: '2025-01-10 14:45:00',
  },
  mutations: [
    {
      id: 'b7e0c1de-0000-4000-8000-000000000001',
      transaction_date: '2025-01-10 14:30:00',
      description: 'TRANSFER FROM JOHN DOE ORDER-12345',
      type: 'CR',
      amount: '100000.00',
      balance: '5000000.00',
    },
    {
      id: 'b7e0c1de-0000-4000-8000-000000000002',
      transaction_date: '2025-01-11 09:00:00',
      description: 'BIAYA ADM',
      type: 'DB',
      amount: 15000,
      balance: null,
    },
  ],
  category: { id: 7, category: 'Sales', type: 'CR', description: 'Incoming orders' },
  webhook: {
    id: 9,
    url: 'https://shop.example/hooks/mutasi',
    bank_account_id: 42,
    description: 'shop',
    is_active: 1,
    created_at: '2025-01-01 08:00:00',
  },
  webhookSecret: 'a'.repeat(64),
  topup: {
    trans_id: 'TP-0001',
    kode_unik: '123',
    payment: { name: 'BCA', account_number: '0987654321', account_name: 'PT Mutasibank' },
  },
} as const;

type Route = [method: string, pattern: RegExp, answer: (request: RecordedRequest, id: string) => unknown];

const ok = (fields: Record<string, unknown>) => ({ error: false, ...fields });
const fx = FAKE_API_FIXTURES;

const ROUTES: Route[] = [
  ['GET', /^\/user$/, () => ok({ data: fx.user })],
  ['GET', /^\/list_bank$/, () => ok({ data: fx.banks })],
  ['GET', /^\/accounts$/, () => ok({ data: [fx.account] })],
  ['GET', /^\/account\/([^/]+)$/, (_, id) => ok({ data: { ...fx.account, id } })],
  ['POST', /^\/account\/create$/, (req) => ok({ data: { ...fx.account, ...(req.body as object), id: 43 } })],
  ['PUT', /^\/account\/([^/]+)$/, () => ok({ message: 'Account updated' })],
  ['DELETE', /^\/account\/([^/]+)$/, () => ok({ message: 'Account deleted' })],
  ['POST', /^\/on_off\/([^/]+)$/, () => ok({ message: 'Status changed' })],
  ['POST', /^\/account\/([^/]+)\/toggle$/, () => ok({ message: 'Account toggled' })],
  ['POST', /^\/input_token\/([^/]+)$/, () => ok({ message: 'Token saved' })],
  [
    'GET',
    /^\/rerun\/([^/]+)$/,
    () => ok({ message: 'Check scheduled', next_bot_process: '2025-01-10 14:31:00' }),
  ],
  [
    'GET',
    /^\/log_bot\/([^/]+)$/,
    () => ok({ data: [{ id: 1, created_at: '2025-01-10 14:30:00', status: 'ok' }] }),
  ],
  [
    'POST',
    /^\/statements\/([^/]+)$/,
    () =>
      ok({
        account_name: fx.account.account_name,
        account_number: fx.account.account_no,
        balance: fx.account.balance,
        data: fx.mutations,
      }),
  ],
  ['POST', /^\/match\/([^/]+)$/, (req) => matchAnswer(req, false)],
  ['POST', /^\/matchs\/([^/]+)$/, (req) => matchAnswer(req, true)],
  [
    'GET',
    /^\/validate\/([^/]+)$/,
    (_, id) => {
      const row = fx.mutations.find((m) => m.id === id);
      return ok({ valid: row !== undefined, data: row ?? null });
    },
  ],
  ['GET', /^\/categories$/, () => ok({ data: [fx.category] })],
  ['GET', /^\/category\/([^/]+)$/, () => ok({ data: fx.category })],
  [
    'POST',
    /^\/category$/,
    (req) => {
      const body = req.body as { name?: string; type?: string; description?: string };
      return ok({
        data: { id: 8, category: body.name, type: body.type, description: body.description ?? null },
      });
    },
  ],
  ['PUT', /^\/category\/([^/]+)$/, () => ok({ message: 'Category updated' })],
  ['DELETE', /^\/category\/([^/]+)$/, () => ok({ message: 'Category deleted' })],
  ['GET', /^\/webhooks$/, () => ok({ data: [fx.webhook] })],
  ['GET', /^\/webhook\/([^/]+)$/, () => ok({ data: fx.webhook })],
  [
    'POST',
    /^\/webhook$/,
    (req) => ok({ data: { ...fx.webhook, ...(req.body as object), id: 10, secret: fx.webhookSecret } }),
  ],
  ['PUT', /^\/webhook\/([^/]+)$/, () => ok({ message: 'Webhook updated' })],
  ['DELETE', /^\/webhook\/([^/]+)$/, () => ok({ message: 'Webhook deleted' })],
  [
    'POST',
    /^\/topup_kredit$/,
    (req) => {
      const jumlah = Number((req.body as { jumlah?: string }).jumlah);
      return ok({
        data: { ...fx.topup, jumlah: String(jumlah), total: jumlah + Number(fx.topup.kode_unik) },
      });
    },
  ],
];

function matchAnswer(req: RecordedRequest, isAll: boolean): unknown {
  const amount = Number((req.body as { amount?: string }).amount);
  const rows = fx.mutations.filter((m) => Number(m.amount) === amount);
  return isAll
    ? ok({ valid: rows.length > 0, data: rows })
    : ok({ valid: rows.length > 0, data: rows[0] ?? null });
}

/** Options of {@link createFakeApiHandler}. */
export interface FakeApiOptions {
  /** The only token accepted (raw or `Bearer`); others get 401. */
  token: string;
  /** Path prefix the API lives under. Default `/api/v1`. */
  basePath?: string;
}

/**
 * Answers like the Mutasibank API: 401 for a wrong token, 404 for an unknown route, otherwise the
 * fixture answer of the route.
 */
export function createFakeApiHandler(options: FakeApiOptions): RecordingHandler {
  const basePath = options.basePath ?? '/api/v1';
  return (request): CannedResponse => {
    const auth = request.headers.authorization;
    if (auth !== options.token && auth !== `Bearer ${options.token}`) {
      return { status: 401, json: { error: true, message: 'Invalid token', error_message: 'Invalid token' } };
    }
    const path = request.path.startsWith(basePath) ? request.path.slice(basePath.length) : request.path;
    for (const [method, pattern, answer] of ROUTES) {
      const match = pattern.exec(path);
      if (match && method === request.method)
        return { json: answer(request, decodeURIComponent(match[1] ?? '')) };
    }
    return { status: 404, json: { error: true, message: 'Not found', error_message: 'Not found' } };
  };
}
