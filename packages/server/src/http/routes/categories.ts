/**
 * @module http/routes/categories
 * Mutation categories. Lists name the field `category`; create and update take `name`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../errors.js';
import type { ApiContext } from '../context.js';
import { Category, DataResponse, errorResponses, IdParams, MessageResponse } from '../schemas.js';
import { categoryView } from '../views.js';

const CategoryType = Type.Union([Type.Literal('CR'), Type.Literal('DB')]);
const CategoryBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  type: CategoryType,
  description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
});

export const categoryRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const { categories } = ctx.store;

  app.get(
    '/categories',
    {
      schema: {
        tags: ['categories'],
        response: { 200: DataResponse(Type.Array(Category)), ...errorResponses },
      },
    },
    async (request) => ({
      error: false as const,
      data: (await categories.list(request.user.id)).map(categoryView),
    }),
  );

  app.get(
    '/category/:id',
    {
      schema: {
        tags: ['categories'],
        params: IdParams,
        response: { 200: DataResponse(Category), ...errorResponses },
      },
    },
    async (request) => {
      const c = await categories.get(request.user.id, request.params.id);
      if (!c) throw notFound('category');
      return { error: false as const, data: categoryView(c) };
    },
  );

  app.post(
    '/category',
    {
      schema: {
        tags: ['categories'],
        body: CategoryBody,
        response: {
          200: Type.Object({ error: Type.Literal(false), message: Type.String(), data: Category }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { name, type, description } = request.body;
      const c = await categories.create(request.user.id, {
        name: name.trim(),
        type,
        description: description ?? null,
      });
      return { error: false as const, message: 'Category created', data: categoryView(c) };
    },
  );

  app.put(
    '/category/:id',
    {
      schema: {
        tags: ['categories'],
        params: IdParams,
        body: Type.Partial(CategoryBody),
        response: { 200: MessageResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { name, type, description } = request.body ?? {};
      const fields = {
        ...(name !== undefined && { name: name.trim() }),
        ...(type !== undefined && { type }),
        ...(description !== undefined && { description }),
      };
      if (!(await categories.update(request.user.id, request.params.id, fields))) throw notFound('category');
      return { error: false as const, message: 'Category updated' };
    },
  );

  app.delete(
    '/category/:id',
    {
      schema: {
        tags: ['categories'],
        params: IdParams,
        response: { 200: MessageResponse, ...errorResponses },
      },
    },
    async (request) => {
      if (!(await categories.delete(request.user.id, request.params.id))) throw notFound('category');
      return { error: false as const, message: 'Category deleted' };
    },
  );
};
