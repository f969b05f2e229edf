import { describeCryptoProviderContract } from './crypto-provider.contract.js';
import { NodeCryptoProvider } from './node-crypto-provider.js';

describeCryptoProviderContract('NodeCryptoProvider', () => new NodeCryptoProvider());
