export {
  classifyKeychainError,
  createKeychainStore,
  createMemorySecretStore,
  createSessionFallbackStore,
  DEFAULT_SERVICE,
  KeychainError,
} from './keychain';
export type { KeychainOptions, KeychainState, KeychainStatus, SecretStore } from './keychain';
