/**
 * The real-browser suite (test/browser/*.spec.ts): `npm run test:browser`. Separate from jest.config.js
 * so `npm test` stays fast; .ci/suites.d/20-browser.sh runs it in CI. One file at a time: the suite
 * drives one Chromium against one server process.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // Sealed built-in prototypes: a write onto Object.prototype fails the test that causes it (docs/security.md §4).
  setupFiles: ['<rootDir>/test/support/freeze-prototypes.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/prototypes-unchanged.ts', '<rootDir>/test/support/catalogues.ts'],
  testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
  maxWorkers: 1,
  testTimeout: 180000,
  // The server process and keep-alive sockets of fetch() are closed in afterAll; do not wait for idle timers.
  forceExit: true,
};
