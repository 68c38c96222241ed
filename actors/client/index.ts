// The client actor's public surface.
export { ClientActor, type ClientActorDeps, type ClientEapDeps, type ClientStateHandle } from './client-actor.js'
export type { OrgDirectory } from './org-directory.js'
export type { ClientState, LastAuthorization } from './client-state.js'
export { classifyRequest, RequestKind, type Classified } from './classify-request.js'
export type { AccountingRecord, AccountingSink } from './accounting-sink.js'
