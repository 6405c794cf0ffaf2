/** Jest in ESM mode (NestJS 12 is ESM-only): see ../shared/design/stack.md. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // Sealed built-in prototypes: a write onto Object.prototype fails the test that causes it (docs/security.md §4).
  // One migrated and seeded template database per worker, copied for each test app (test/support/app.ts).
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/support/freeze-prototypes.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/prototypes-unchanged.ts', '<rootDir>/test/support/catalogues.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // Real-browser scenarios have their own config (jest.browser.config.js, npm run test:browser).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  testTimeout: 30000,
};
