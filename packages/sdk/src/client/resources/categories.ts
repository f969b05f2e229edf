/**
 * @module client/resources/categories
 * Categories for statement rows. Rows name the field `category`; create and update take `name`.
 */
import { MutasibankInvalidRequestError } from '../../errors.js';
import { checkId, checkOptionalString, checkText, checkUpdateFields, type Id } from '../arguments.js';
import { apiPath } from '../encode.js';
import type { ApiSender, RequestOptions } from '../request.js';
import { readObject, readObjects } from '../response-fields.js';
import { type MessageResult, readMessageResult } from './message.js';
import type { MutationType } from './statements.js';

/** A category as the service lists it. */
export interface Category {
  id: Id;
  /** The category's name (sent as `name` when creating or updating). */
  category: string;
  /** Which rows it applies to: money in (`CR`) or out (`DB`). */
  type: MutationType;
  description: string | null;
  [field: string]: unknown;
}

/** Fields of `updateCategory`; at least one. */
export interface UpdateCategoryInput {
  name?: string;
  type?: MutationType;
  description?: string;
}

function checkType(value: unknown): MutationType {
  if (value === 'CR' || value === 'DB') return value;
  throw new MutasibankInvalidRequestError(
    `type must be 'CR' or 'DB', got ${JSON.stringify(value) ?? String(value)}`,
  );
}

/** `GET /categories`; see `MutasibankClient.getCategories`. */
export async function getCategories(api: ApiSender, options?: RequestOptions): Promise<Category[]> {
  return api.send(
    { method: 'GET', path: '/categories' },
    (body) => readObjects(body.data, 'data') as Category[],
    options,
  );
}

/** `GET /category/{id}`; see `MutasibankClient.getCategory`. */
export async function getCategory(api: ApiSender, id: Id, options?: RequestOptions): Promise<Category> {
  const path = apiPath`/category/${checkId(id, 'id')}`;
  return api.send({ method: 'GET', path }, (body) => readObject(body.data, 'data') as Category, options);
}

/** `POST /category` (JSON `name`, `type`, `description`); see `MutasibankClient.createCategory`. */
export async function createCategory(
  api: ApiSender,
  name: string,
  type: MutationType,
  description?: string,
  options?: RequestOptions,
): Promise<Category> {
  const json = {
    name: checkText(name, 'name'),
    type: checkType(type),
    description: checkOptionalString(description, 'description'),
  };
  return api.send(
    { method: 'POST', path: '/category', json },
    (body) => readObject(body.data, 'data') as Category,
    options,
  );
}

/** `PUT /category/{id}` (JSON); see `MutasibankClient.updateCategory`. */
export async function updateCategory(
  api: ApiSender,
  id: Id,
  data: UpdateCategoryInput,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/category/${checkId(id, 'id')}`;
  const fields = checkUpdateFields(data, 'data');
  if (fields.name !== undefined) checkText(fields.name, 'name');
  if (fields.type !== undefined) checkType(fields.type);
  checkOptionalString(fields.description, 'description');
  return api.send({ method: 'PUT', path, json: fields }, readMessageResult, options);
}

/** `DELETE /category/{id}`; see `MutasibankClient.deleteCategory`. */
export async function deleteCategory(
  api: ApiSender,
  id: Id,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/category/${checkId(id, 'id')}`;
  return api.send({ method: 'DELETE', path }, readMessageResult, options);
}
