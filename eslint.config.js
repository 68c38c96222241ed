// Lint: typescript-eslint recommended, plus the dependency direction of STYLE.md as failing
// rules. Dependencies point inward: proto <- gateway, actors, workers <- ops.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const layer = (name) => ({ group: [`**/${name}/**`, `**/${name}`], message: `this layer must not import ${name}/ (STYLE.md: dependencies point inward)` })
const pkg = (name, why) => ({ group: [name, `${name}/**`], message: why })
const io = ['node:net', 'node:dgram', 'node:tls', 'node:http', 'node:https', 'node:fs', 'node:fs/promises', 'node:child_process', 'node:timers', 'node:timers/promises']
  .map((m) => pkg(m, 'proto/ is pure: no I/O, no timers'))
const nats = pkg('@nats-io/*', 'only actors/runtime, gateway/dispatch and ops speak NATS')
const piscina = pkg('piscina', 'only workers/pool.ts imports piscina')
const pino = pkg('pino', 'logging is wired in ops/telemetry and injected')

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
const restrictValues = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }],
})

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['proto/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict([layer('gateway'), layer('actors'), layer('workers'), layer('ops'), nats, piscina, pino, ...io]) },
  { files: ['gateway/**/*.ts'], ignores: ['gateway/dispatch/**'], rules: restrict([layer('actors'), layer('workers'), layer('ops'), nats, piscina]) },
  { files: ['gateway/dispatch/**/*.ts'], rules: restrict([layer('actors'), layer('workers'), layer('ops'), piscina]) },
  { files: ['actors/**/*.ts'], ignores: ['actors/runtime/**'], rules: restrictValues([layer('gateway'), layer('ops'), layer('workers'), nats, piscina, pkg('node:net', 'actors never touch sockets'), pkg('node:dgram', 'actors never touch sockets')]) },
  { files: ['actors/runtime/**/*.ts'], rules: restrictValues([layer('gateway'), layer('ops'), layer('workers'), piscina, pkg('node:net', 'actors never touch sockets'), pkg('node:dgram', 'actors never touch sockets')]) },
  { files: ['workers/tasks/**/*.ts'], rules: restrict([layer('gateway'), layer('actors'), layer('ops'), nats, piscina, pino, pkg('node:net', 'tasks return data'), pkg('node:tls', 'tasks return data'), pkg('node:dgram', 'tasks return data')]) },
  { files: ['workers/**/*.ts'], ignores: ['workers/pool.ts', 'workers/tasks/**'], rules: restrict([layer('gateway'), layer('actors'), layer('ops'), nats, piscina]) },
  { files: ['workers/pool.ts'], rules: restrict([layer('gateway'), layer('actors'), layer('ops'), nats]) },
)
