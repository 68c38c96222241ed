// pino logger with the secret-bearing fields redacted wherever they appear (DESIGN.md: secrets
// never reach a log).
import { pino, type DestinationStream, type Logger } from 'pino'

export const REDACT_PATHS = [
  'secret', '*.secret', '*.*.secret', 'radiusClients[*].secret',
  'key', 'keyPem', '*.keyPem', 'caKeyPem', 'password', '*.password', 'token', '*.token', 'msk', '*.msk',
]

export function createLogger(name: string, level = process.env['NAC_LOG_LEVEL'] ?? 'info', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }
  return destination === undefined ? pino(options) : pino(options, destination)
}

export type { Logger }
