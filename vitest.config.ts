// Three rings of tests (STYLE.md): unit (vectors, properties), integration (real nats-server,
// real TLS), interop (real peers from Debian packages).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Integration and interop run the built dist/; building once here keeps two projects from
    // writing dist/ at the same time.
    globalSetup: ['test/support/global-build.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', '{proto,gateway,actors,workers,ops}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.interop.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.interop.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
