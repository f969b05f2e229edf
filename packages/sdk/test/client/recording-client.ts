/**
 * @module test/client/recording-client
 * Per-file setup for client tests: one recording server, and a fresh client against it for each
 * test, with retry sleeps recorded instead of waited.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { MutasibankClient, type MutasibankClientOptions } from '../../src/index.js';
import {
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../helpers/recording-server.js';

/** The token every test client sends. */
export const TEST_TOKEN = 'test-token-5f2c';

/** Base path the tests mount the API under, to prove the client keeps the base URL's path. */
export const BASE_PATH = '/api/v1';

/** Live handles of {@link useRecordingClient}, valid inside tests. */
export interface RecordingClientContext {
  server: RecordingServer;
  /** Delays the client asked to sleep before retries, in ms. */
  sleeps: number[];
  /** A client against the server; extra options override the defaults. */
  client(options?: Partial<MutasibankClientOptions>): MutasibankClient;
}

/** Starts a recording server for the calling file and resets it after each test. */
export function useRecordingClient(): RecordingClientContext {
  const context = {
    server: undefined as unknown as RecordingServer,
    sleeps: [] as number[],
    client(options: Partial<MutasibankClientOptions> = {}): MutasibankClient {
      return new MutasibankClient({
        token: TEST_TOKEN,
        baseUrl: `${context.server.url}${BASE_PATH}`,
        ...options,
        retry: {
          sleep: async (ms: number) => {
            context.sleeps.push(ms);
          },
          ...options.retry,
        },
      });
    },
  };
  beforeAll(async () => {
    context.server = await startRecordingServer();
  });
  afterEach(() => {
    context.server.reset();
    context.sleeps.length = 0;
  });
  afterAll(() => context.server.close());
  return context;
}

/** What a test expects of the one request a call sent. */
export interface ExpectedRequest {
  method: string;
  /** Path below {@link BASE_PATH}, percent-encoded as it must appear on the wire. */
  path: string;
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  body?: unknown;
  rawBody?: string;
}

/**
 * Asserts exactly one request was sent, with the given method, path, encoding and body, the raw
 * token as `Authorization`, and the client's Accept and User-Agent.
 */
export function expectOneRequest(requests: RecordedRequest[], expected: ExpectedRequest): RecordedRequest {
  expect(requests).toHaveLength(1);
  const request = requests[0]!;
  expect(request.method).toBe(expected.method);
  expect(request.path).toBe(`${BASE_PATH}${expected.path}`);
  expect(request.query).toBe('');
  expect(request.headers.authorization).toBe(TEST_TOKEN);
  expect(request.headers.accept).toBe('application/json');
  expect(request.headers['user-agent']).toMatch(/^mutasibank-js\/\d+\.\d+\.\d+/);
  expect(request.contentType).toBe(expected.contentType);
  if (expected.contentType === undefined) expect(request.rawBody).toBe('');
  if ('body' in expected) expect(request.body).toEqual(expected.body);
  if (expected.rawBody !== undefined) expect(request.rawBody).toBe(expected.rawBody);
  return request;
}
