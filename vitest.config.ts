import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{backend,shared,electron,migrations,installers}/**/*.test.{ts,tsx}'],
    globalSetup: ['backend/test/global-setup.ts'],
    pool: 'forks',
    isolate: false,
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
