// The policy engine's public surface.
export { compilePolicy, type CompiledPolicy, type CompiledRule, type PolicyInput, type Criterion } from './compile-policy.js'
export { evaluatePolicy, type PolicyDecision } from './evaluate-policy.js'
export { resolveAuthorization, type Authorization } from './authorization.js'
export { replyAttributes } from './dialect.js'
