/**
 * @module connectors/snap
 * SNAP (Bank Indonesia Open API) statement client.
 */
export {
  missingSnapSettings,
  REQUIRED_SNAP_SETTINGS,
  resolveSnapPaths,
  type SnapBankConfig,
  type SnapPaths,
  type SnapService,
} from './snap-config.js';
export {
  resolveSnapCredentials,
  SnapConnector,
  type SnapConnectorOptions,
  type SnapCredentials,
} from './snap-connector.js';
export type { FetchLike } from './snap-http.js';
export { parseResponseCode, type SnapResponseCode, snapErrorFor } from './snap-response-code.js';
export { mapSnapEntry, readSnapAmount, snapTimeToWib } from './snap-rows.js';
export {
  bodyDigest,
  formatSnapTimestamp,
  type ServiceSignatureParts,
  serviceStringToSign,
  signServiceRequest,
  signTokenRequest,
  tokenStringToSign,
} from './snap-signature.js';
export { SnapTokenProvider } from './snap-token-provider.js';
