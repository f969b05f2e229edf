import { describe, expect, it } from 'vitest';
import { type ConnectorContext, ConnectorError } from './connector.js';
import { createConnectorRegistry } from './registry.js';
import { SimulatorConnector } from './simulator/index.js';
import { SnapConnector } from './snap/index.js';

const range = { from: '2025-03-10', to: '2025-03-10' };

function context(module: string, credentials: ConnectorContext['credentials'] = {}): ConnectorContext {
  return {
    account: { id: 1, accountNo: '0123456789', accountName: 'PT MAJU', module },
    credentials,
    signal: new AbortController().signal,
    now: () => new Date('2025-03-12T07:00:00Z'),
  };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('createConnectorRegistry', () => {
  it('lists the banks with stable ids and the simulator, in list_bank order', () => {
    const registry = createConnectorRegistry();
    expect(
      registry.banks.map(({ id, module, isActive, isMaintenance }) => ({
        id,
        module,
        isActive,
        isMaintenance,
      })),
    ).toEqual([
      { id: 1, module: 'bca', isActive: false, isMaintenance: false },
      { id: 2, module: 'mandiri', isActive: false, isMaintenance: false },
      { id: 3, module: 'bni', isActive: false, isMaintenance: false },
      { id: 4, module: 'bri', isActive: false, isMaintenance: false },
      { id: 5, module: 'bsi', isActive: false, isMaintenance: false },
      { id: 6, module: 'cimb', isActive: false, isMaintenance: false },
      { id: 7, module: 'permata', isActive: false, isMaintenance: false },
      { id: 8, module: 'btn', isActive: false, isMaintenance: false },
      { id: 9, module: 'danamon', isActive: false, isMaintenance: false },
      { id: 100, module: 'simulator', isActive: true, isMaintenance: false },
    ]);
    expect(registry.byModule('simulator')?.connector).toBeInstanceOf(SimulatorConnector);
    expect(registry.byId(4)?.bankName).toBe('BRI');
    expect(registry.byId(42)).toBeUndefined();
    expect(createConnectorRegistry({ simulator: false }).byModule('simulator')).toBeUndefined();
  });

  it('gives an unconfigured bank a connector that says which settings are missing', async () => {
    const registry = createConnectorRegistry({
      snap: { bri: { baseUrl: 'https://sandbox.example.co.id' } },
      describeSetting: (module, setting) =>
        `MUTASIBANK_SNAP_${module.toUpperCase()}_${setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
    });
    const bri = await failure(registry.byModule('bri')!.connector.fetchStatement(context('bri'), range));
    expect(bri.code).toBe('not_configured');
    expect(bri.retryable).toBe(false);
    expect(bri.message).toBe(
      'BRI cannot be read automatically: this server has no SNAP settings for bri (missing MUTASIBANK_SNAP_BRI_CHANNEL_ID). Statement files can still be imported.',
    );
    const bni = await failure(
      createConnectorRegistry().byModule('bni')!.connector.fetchStatement(context('bni'), range),
    );
    expect(bni.message).toContain('(missing snap.bni.baseUrl, snap.bni.channelId)');
  });

  it('makes a configured bank a SNAP connector and marks maintenance', () => {
    const registry = createConnectorRegistry({
      snap: { mandiri: { baseUrl: 'https://sandbox.example.co.id', channelId: '95221' } },
      maintenance: ['mandiri'],
    });
    const mandiri = registry.byModule('mandiri')!;
    expect(mandiri.connector).toBeInstanceOf(SnapConnector);
    expect(mandiri).toMatchObject({ isActive: true, isMaintenance: true });
  });

  it('refuses SNAP settings for a module it does not know', () => {
    expect(() => createConnectorRegistry({ snap: { bcaa: { baseUrl: 'x', channelId: 'y' } } })).toThrow(
      "SNAP settings given for unknown bank module 'bcaa'; known: bca, mandiri, bni, bri, bsi, cimb, permata, btn, danamon",
    );
  });

  it('fails a KlikBCA Bisnis account without its KeyBCA token pair with token_required', async () => {
    const bca = createConnectorRegistry().byModule('bca')!.connector;
    const noTokens = await failure(
      bca.fetchStatement(context('bca', { corp_id: 'MAJUJAYA01', token_1: '123456' }), range),
    );
    expect(noTokens.code).toBe('token_required');
    expect(noTokens.message).toBe(
      'This BCA account uses KlikBCA Bisnis (corp_id is set) and needs its KeyBCA token pair: send token_1 and token_2 with input_token for this account, then run it again.',
    );
    const withTokens = await failure(
      bca.fetchStatement(
        context('bca', { corp_id: 'MAJUJAYA01', token_1: '123456', token_2: '654321' }),
        range,
      ),
    );
    expect(withTokens.code).toBe('not_configured');
    const individual = await failure(bca.fetchStatement(context('bca'), range));
    expect(individual.code).toBe('not_configured');
  });
});
