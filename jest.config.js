/**
 * Test tiers, each a Jest project so one command picks what the machine can run:
 *   npm test                 unit + integration: needs only `npm ci` (embedded PostgreSQL when TEST_DATABASE_URL is unset)
 *   npm run test:e2e         the sandbox page in Debian's Chromium and Firefox ESR
 *   npm run test:packaging   the Dockerfile and `npm start`: build dist/ and install packages
 * tests/integration/test-tiers.test.ts checks that npm test lists no e2e or packaging file.
 */
const shared = {
  testEnvironment: 'node',
  moduleNameMapper: {
    // A dynamic import names the compiled .js file, as ESM does.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The workspace packages run from their TypeScript sources, as tsconfig.json's "firebreak-source" condition reads them.
    '^@firebreak/(slack-emulator|service-fakes|sandbox)$': '<rootDir>/packages/$1/src/index.ts',
    '^@firebreak/(slack-emulator|service-fakes|sandbox)/(.*)$': '<rootDir>/packages/$1/src/$2',
  },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
};
// Jest runs one globalSetup per distinct path, so the projects below share one PostgreSQL.
const withDatabase = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
};
const tier = (name, extra = {}) => ({ ...shared, displayName: name, testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`], ...extra });

/** @type {import('jest').Config} */
module.exports = {
  projects: [tier('unit'), tier('integration', withDatabase), tier('e2e', withDatabase), tier('packaging', withDatabase)],
  testTimeout: 30000,
  // Integration files each start PostgreSQL clients, a Bolt app and an emulator; two cores.
  maxWorkers: 2,
};
