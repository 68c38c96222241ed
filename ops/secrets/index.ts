// ops/secrets public surface: sealed secrets and the cluster key.
export { seal, unseal, isSealed } from './sealed-box.js'
export { loadOrCreateClusterKey } from './cluster-key.js'
export { SecretError, UnsealError, ClusterKeyError, SecretErrorCode, UnsealReason } from './secret-errors.js'
