/**
 * @module http/routes/accounts
 * Bank accounts: CRUD, switching the bot on and off, KeyBCA tokens, re-runs and the bot log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatWibDateTime } from 'mutasibank';
import { type Static, Type } from 'typebox';
import { CREDENTIAL_NAMES } from '../../connectors/connector.js';
import { ApiError, notFound } from '../../errors.js';
import type { AccountFields, Credentials } from '../../store/accounts.js';
import type { ApiContext } from '../context.js';
import { Account, BotRun, DataResponse, errorResponses, IdParams, MessageResponse } from '../schemas.js';
import { accountView, botRunView } from '../views.js';

const Secret = Type.String({ maxLength: 8192 });
const CallbackSecret = Type.String({
  description: 'signs deliveries to url_callback; returned only when the callback endpoint is created',
});
const OptionalText = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

const AccountBody = Type.Object({
  bank_id: Type.Integer({ minimum: 1 }),
  account_name: Type.String({ minLength: 1, maxLength: 150 }),
  account_no: Type.String({
    pattern: '^\\s*\\d[\\d .-]{2,40}\\s*$',
    description: 'digits; spaces, dots and dashes are removed',
  }),
  user_banking: Type.Optional(Secret),
  password_banking: Type.Optional(Secret),
  api_key: Type.Optional(Secret),
  api_secret: Type.Optional(Secret),
  client_id: Type.Optional(Secret),
  client_secret: Type.Optional(Secret),
  corp_id: Type.Optional(Secret),
  schedule_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  url_callback: OptionalText(2048),
  email_notification: Type.Optional(
    Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Literal(''), Type.Null()]),
  ),
  wa_number: Type.Optional(
    Type.Union([Type.String({ pattern: '^\\+?[0-9 -]{6,20}$' }), Type.Literal(''), Type.Null()]),
  ),
  telegram_id: OptionalText(64),
  note: OptionalText(1000),
});
const UpdateBody = Type.Partial(AccountBody);
type UpdateInput = Static<typeof UpdateBody>;

/** Empty strings in optional text fields mean "clear it" (forms cannot send null). */
function blankToNull(v: string | null | undefined): string | null | undefined {
  return v === '' ? null : v;
}

export const accountRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const { store } = ctx;

  async function toFields(input: UpdateInput): Promise<{ fields: AccountFields; credentials: Credentials }> {
    const fields: AccountFields = {};
    if (input.bank_id !== undefined) {
      const bank = ctx.banks.get(input.bank_id);
      if (!bank)
        throw new ApiError(
          'validation_failed',
          `bank_id ${input.bank_id} is not a bank this server supports (see list_bank)`,
        );
      fields.bank_id = bank.id;
      fields.module = bank.module;
    }
    if (input.account_name !== undefined) fields.account_name = input.account_name.trim();
    if (input.account_no !== undefined) fields.account_no = input.account_no.replace(/[^\d]/g, '');
    if (input.schedule_minutes !== undefined) fields.schedule_minutes = input.schedule_minutes;
    for (const key of ['url_callback', 'email_notification', 'wa_number', 'telegram_id', 'note'] as const) {
      const v = blankToNull(input[key]);
      if (v !== undefined) fields[key] = v;
    }
    if (fields.url_callback) await ctx.validateWebhookUrl(fields.url_callback);
    const credentials: Credentials = {};
    for (const key of CREDENTIAL_NAMES) {
      const v = (input as Partial<Record<string, string>>)[key];
      if (v !== undefined) credentials[key] = v;
    }
    return { fields, credentials };
  }

  async function owned(userId: number, id: number) {
    const account = await store.accounts.get(userId, id);
    if (!account) throw notFound('account');
    return account;
  }

  app.get(
    '/accounts',
    {
      schema: { tags: ['accounts'], response: { 200: DataResponse(Type.Array(Account)), ...errorResponses } },
    },
    async (request) => {
      const accounts = await store.accounts.list(request.user.id);
      return { error: false as const, data: accounts.map((a) => accountView(a, ctx.banks)) };
    },
  );

  app.get(
    '/account/:id',
    {
      schema: {
        tags: ['accounts'],
        params: IdParams,
        response: { 200: DataResponse(Account), ...errorResponses },
      },
    },
    async (request) => ({
      error: false as const,
      data: accountView(await owned(request.user.id, request.params.id), ctx.banks),
    }),
  );

  app.post(
    '/account/create',
    {
      schema: {
        tags: ['accounts'],
        body: AccountBody,
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            message: Type.String(),
            data: Account,
            callback_secret: Type.Optional(CallbackSecret),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { fields, credentials } = await toFields(request.body);
      const account = await store.accounts.create(
        request.user.id,
        {
          ...fields,
          bank_id: fields.bank_id!,
          module: fields.module!,
          account_name: fields.account_name!,
          account_no: fields.account_no!,
        },
        credentials,
      );
      const { secret } = await store.webhooks.syncCallback(store.db, {
        userId: request.user.id,
        accountId: account.id,
        url: account.url_callback,
      });
      return {
        error: false as const,
        message: secret
          ? 'Account created; store callback_secret now, it is not shown again'
          : 'Account created',
        data: accountView(account, ctx.banks),
        ...(secret && { callback_secret: secret }),
      };
    },
  );

  app.put(
    '/account/:id',
    {
      schema: {
        tags: ['accounts'],
        params: IdParams,
        body: UpdateBody,
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            message: Type.String(),
            callback_secret: Type.Optional(CallbackSecret),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await owned(request.user.id, request.params.id);
      const { fields, credentials } = await toFields(request.body ?? {});
      await store.accounts.update(request.user.id, request.params.id, fields, credentials);
      if (fields.url_callback === undefined) return { error: false as const, message: 'Account updated' };
      const { secret } = await store.webhooks.syncCallback(store.db, {
        userId: request.user.id,
        accountId: request.params.id,
        url: fields.url_callback,
      });
      return secret
        ? {
            error: false as const,
            message: 'Account updated; store callback_secret now, it is not shown again',
            callback_secret: secret,
          }
        : { error: false as const, message: 'Account updated' };
    },
  );

  app.delete(
    '/account/:id',
    {
      schema: { tags: ['accounts'], params: IdParams, response: { 200: MessageResponse, ...errorResponses } },
    },
    async (request) => {
      if (!(await store.accounts.delete(request.user.id, request.params.id))) throw notFound('account');
      return { error: false as const, message: 'Account deleted' };
    },
  );

  const ToggleResponse = Type.Object({
    error: Type.Literal(false),
    message: Type.String(),
    is_active: Type.Integer(),
  });
  const toggled = (state: number) => ({
    error: false as const,
    message: state ? 'Account switched on' : 'Account switched off',
    is_active: state,
  });

  app.post(
    '/on_off/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Switch the bot on (status=1) or off (status=0); without status, flip it',
        params: IdParams,
        body: Type.Object({ status: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])) }),
        response: { 200: ToggleResponse, ...errorResponses },
      },
    },
    async (request) => {
      const status = request.body.status;
      const state = await store.accounts.setActive(
        request.user.id,
        request.params.id,
        status === undefined ? undefined : status === 1,
      );
      if (state === undefined) throw notFound('account');
      return toggled(state);
    },
  );

  app.post(
    '/account/:id/toggle',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Flip the bot on/off',
        params: IdParams,
        body: Type.Object({}),
        response: { 200: ToggleResponse, ...errorResponses },
      },
    },
    async (request) => {
      const state = await store.accounts.setActive(request.user.id, request.params.id);
      if (state === undefined) throw notFound('account');
      return toggled(state);
    },
  );

  const KeyBcaToken = Type.String({ minLength: 1, maxLength: 64, pattern: '^\\s*\\S+\\s*$' });
  app.post(
    '/input_token/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Store a KeyBCA token pair for connectors that need one',
        params: IdParams,
        body: Type.Object({ token_1: KeyBcaToken, token_2: KeyBcaToken }),
        response: { 200: MessageResponse, ...errorResponses },
      },
    },
    async (request) => {
      await owned(request.user.id, request.params.id);
      await store.accounts.update(
        request.user.id,
        request.params.id,
        {},
        {
          token_1: request.body.token_1.trim(),
          token_2: request.body.token_2.trim(),
        },
      );
      return { error: false as const, message: 'Token saved' };
    },
  );

  app.get(
    '/rerun/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: "Run the account's connector now",
        params: IdParams,
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            message: Type.String(),
            next_bot_process: Type.String(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const account = await owned(request.user.id, request.params.id);
      if (!account.is_active)
        throw new ApiError('conflict', 'The account is switched off; switch it on with on_off first');
      const next = await ctx.scheduler.requestRun(account.id);
      return {
        error: false as const,
        message: 'Check requested; the bot runs now',
        next_bot_process: formatWibDateTime(new Date(next)),
      };
    },
  );

  app.get(
    '/log_bot/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: "The account's connector runs, newest first",
        params: IdParams,
        response: { 200: DataResponse(Type.Array(BotRun)), ...errorResponses },
      },
    },
    async (request) => {
      await owned(request.user.id, request.params.id);
      const runs = await store.botRuns.list(request.params.id);
      return { error: false as const, data: runs.map(botRunView) };
    },
  );
};
