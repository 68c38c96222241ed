// NATS-facing dispatch, for ops to wire (the only gateway folder allowed to import NATS).
export { NatsRouter } from './nats-router.js'
