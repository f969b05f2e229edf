/**
 * @module connectors/connector.contract
 * The contract every `Connector` must honour, as one suite run against each implementation
 * (simulator here; SNAP against the SNAP test server). What the scheduler and the ingest rely on:
 * well-formed rows inside the range, nothing after `now`, the same rows on every fetch of a
 * range (so re-fetching dedupes), ranges that split cleanly, abort honoured, credentials checked.
 */
import { formatWibDate, formatWibDateTime, isWibDate } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  CREDENTIAL_NAMES,
  type DateRange,
} from './connector.js';

/** What a contract run needs from one implementation. */
export interface ConnectorContractFixture {
  connector: Connector;
  /** A context with working credentials and the fixture's clock; `overrides` replace fields. */
  context(overrides?: Partial<ConnectorContext>): ConnectorContext;
  /** A range of at least two days in which the source has rows. */
  range: DateRange;
  /** Stops what the fixture started (a test server). */
  close?(): Promise<void>;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Runs the connector contract against the fixture `setup` builds. */
export function describeConnectorContract(
  name: string,
  setup: () => Promise<ConnectorContractFixture>,
): void {
  describe(`Connector contract: ${name}`, () => {
    let fixture: ConnectorContractFixture;
    beforeAll(async () => {
      fixture = await setup();
    });
    afterAll(async () => {
      await fixture?.close?.();
    });

    it('names itself with a lower-case module, a bank name and known credentials', () => {
      const { connector } = fixture;
      expect(connector.module).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(connector.bankName.trim()).not.toBe('');
      for (const credential of connector.requiredCredentials) expect(CREDENTIAL_NAMES).toContain(credential);
    });

    it('returns well-formed rows, inside the range, none after now', async () => {
      const ctx = fixture.context();
      const { rows, balance } = await fixture.connector.fetchStatement(ctx, fixture.range);
      expect(rows.length).toBeGreaterThan(0);
      const now = formatWibDateTime(ctx.now());
      for (const row of rows) {
        expect(row.transactionDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(isWibDate(row.transactionDate.slice(0, 10))).toBe(true);
        expect(row.transactionDate.slice(0, 10) >= fixture.range.from).toBe(true);
        expect(row.transactionDate.slice(0, 10) <= fixture.range.to).toBe(true);
        expect(row.transactionDate <= now).toBe(true);
        expect(['CR', 'DB']).toContain(row.type);
        expect(Number.isSafeInteger(row.amount) && row.amount > 0).toBe(true);
        expect(row.balance === null || Number.isSafeInteger(row.balance)).toBe(true);
        expect(row.description).toBe(row.description.replace(/\s+/g, ' ').trim());
      }
      if (balance !== undefined) expect(Number.isSafeInteger(balance)).toBe(true);
    });

    it('returns the same rows every time a range is fetched', async () => {
      const first = await fixture.connector.fetchStatement(fixture.context(), fixture.range);
      const second = await fixture.connector.fetchStatement(fixture.context(), fixture.range);
      expect(second.rows).toEqual(first.rows);
    });

    it('gives a range the rows of its parts, in order', async () => {
      const { from, to } = fixture.range;
      const whole = await fixture.connector.fetchStatement(fixture.context(), fixture.range);
      const head = await fixture.connector.fetchStatement(fixture.context(), { from, to: from });
      const tail = await fixture.connector.fetchStatement(fixture.context(), { from: addDays(from, 1), to });
      expect([...head.rows, ...tail.rows]).toEqual(whole.rows);
    });

    it('returns no rows for a range after now', async () => {
      const ctx = fixture.context();
      const today = formatWibDate(ctx.now());
      const { rows } = await fixture.connector.fetchStatement(ctx, {
        from: addDays(today, 1),
        to: addDays(today, 3),
      });
      expect(rows).toEqual([]);
    });

    it('rejects when its signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('run timed out'));
      await expect(
        fixture.connector.fetchStatement(fixture.context({ signal: controller.signal }), fixture.range),
      ).rejects.toThrow('run timed out');
    });

    it('fails with missing_credentials for each required credential left out', async () => {
      const { connector } = fixture;
      const full = fixture.context().credentials;
      if (connector.requiredCredentials.length === 0) {
        const { rows } = await connector.fetchStatement(fixture.context({ credentials: {} }), fixture.range);
        expect(rows.length).toBeGreaterThan(0);
        return;
      }
      for (const credential of connector.requiredCredentials) {
        const credentials = { ...full };
        delete credentials[credential];
        const failure = await connector.fetchStatement(fixture.context({ credentials }), fixture.range).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(ConnectorError);
        expect((failure as ConnectorError).code).toBe('missing_credentials');
        expect((failure as ConnectorError).message).toContain(credential);
      }
    });
  });
}
