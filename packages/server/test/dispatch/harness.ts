/**
 * @module test/dispatch/harness
 * Wires a Dispatcher to a MemoryOutboxStore, a dev-mode UndiciSender and real receivers on
 * 127.0.0.1, with an injected clock the test moves by hand. The fallback poll is set to an hour, so
 * nothing happens unless the test (or a wake-up under test) makes it happen.
 */
import { randomUUID } from 'node:crypto';
import { type DispatchEvent, Dispatcher, type DispatcherOptions } from '../../src/dispatch/dispatcher.js';
import { MemoryOutboxStore } from '../../src/dispatch/memory-outbox-store.js';
import type { EndpointSeed } from '../../src/dispatch/outbox-store.js';
import { UndiciSender } from '../../src/dispatch/sender.js';
import { serializeWebhookPayload } from '../../src/dispatch/webhook-body.js';
import { localSign } from './local-signer.js';
import { type Receiver, type ReceiverHandler, startReceiver } from './receiver.js';

/** 2026-01-01 00:00:00 UTC (07:00 WIB). */
export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A running dispatcher with its store, clock and receivers. */
export interface Harness {
  clock: { now: number };
  store: MemoryOutboxStore;
  sender: UndiciSender;
  dispatcher: Dispatcher;
  events: DispatchEvent[];
  /** Starts a receiver and registers it as an endpoint. */
  addReceiver(id: string, handler?: ReceiverHandler, endpoint?: Partial<EndpointSeed>): Promise<Receiver>;
  /** Enqueues one message for `endpointId` at the current clock time and returns its id. */
  enqueue(endpointId: string, accountId?: number): string;
  /** Resolves once an event matching `predicate` has been emitted (at once if one already was). */
  waitForEvent(predicate: (event: DispatchEvent) => boolean): Promise<void>;
  /** Resolves once every message in `messageIds` has at least one recorded attempt. */
  waitForAttempts(messageIds: readonly string[]): Promise<void>;
  /** The attempt events of one message, in order. */
  attemptsOf(messageId: string): Array<Extract<DispatchEvent, { type: 'attempt' }>>;
  /** Creates another dispatcher on the same store (a restarted process). */
  restart(overrides?: Partial<DispatcherOptions>): Dispatcher;
  close(): Promise<void>;
}

/** Builds a harness; `overrides` go to the Dispatcher. */
export function createHarness(overrides: Partial<DispatcherOptions> = {}, senderTimeoutMs = 5_000): Harness {
  const clock = { now: T0 };
  const store = new MemoryOutboxStore();
  const sender = new UndiciSender({ dev: true, nowMs: () => clock.now, timeoutMs: senderTimeoutMs });
  const events: DispatchEvent[] = [];
  const waiters: Array<{ predicate: (event: DispatchEvent) => boolean; resolve: () => void }> = [];
  const emit = (event: DispatchEvent) => {
    events.push(event);
    for (const waiter of waiters.filter((w) => w.predicate(event))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const waitForEvent = (predicate: (event: DispatchEvent) => boolean) =>
    events.some(predicate)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ predicate, resolve }));
  const receivers: Receiver[] = [];
  const dispatchers: Dispatcher[] = [];
  const build = (extra: Partial<DispatcherOptions>) => {
    const dispatcher = new Dispatcher({
      store,
      sender,
      sign: localSign,
      nowMs: () => clock.now,
      random: () => 0.5,
      pollIntervalMs: 3_600_000,
      onEvent: emit,
      ...overrides,
      ...extra,
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  };
  return {
    clock,
    store,
    sender,
    events,
    dispatcher: build({}),
    restart: (extra = {}) => build(extra),
    async addReceiver(id, handler, endpoint = {}) {
      const receiver = await startReceiver(handler);
      receivers.push(receiver);
      store.addEndpoint({ id, url: `${receiver.origin}/hook/${id}`, secrets: [`secret-${id}`], ...endpoint });
      return receiver;
    },
    enqueue(endpointId, accountId = 1) {
      const id = randomUUID();
      const payload = serializeWebhookPayload({ account_id: accountId, data_mutasi: [] });
      store.enqueue({ id, endpointId, accountId, payload, createdAt: clock.now });
      return id;
    },
    waitForEvent,
    async waitForAttempts(messageIds) {
      for (const id of messageIds) await waitForEvent((e) => e.type === 'attempt' && e.messageId === id);
    },
    attemptsOf: (messageId) =>
      events.filter(
        (e): e is Extract<DispatchEvent, { type: 'attempt' }> =>
          e.type === 'attempt' && e.messageId === messageId,
      ),
    async close() {
      for (const dispatcher of dispatchers) await dispatcher.stop({ timeoutMs: 0 });
      for (const receiver of receivers) await receiver.close();
      await sender.close();
    },
  };
}

/** Answers with the given statuses in turn, then 200. */
export function answerInTurn(...statuses: number[]): ReceiverHandler {
  return (_request, response) => {
    const status = statuses.shift() ?? 200;
    response.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`);
  };
}
