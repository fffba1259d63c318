/**
 * The layers Firebreak keeps (README, Development): the domain stands alone, the database and Slack
 * adapters do not reach into each other or into the use cases, and the emulator and sandbox packages stay out of production.
 * `npm run lint` runs this after Biome.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle makes load order matter and the parts impossible to read alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stands-alone',
      severity: 'error',
      comment: 'src/domain is pure: it imports nothing outside itself.',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-no-io-builtins',
      severity: 'error',
      comment: 'src/domain does no IO: no node built-in that reaches files, network, processes or time zones of the host.',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|dns|child_process|cluster|dgram|tls|os|process|worker_threads|readline|stream|zlib|v8|vm|inspector)$',
      },
    },
    {
      name: 'packages-not-in-product',
      severity: 'error',
      comment:
        'The emulator and the sandbox are workspace packages the product never loads, save src/cli/run.ts without Slack credentials.',
      from: { path: '^src/', pathNot: '^src/cli/run[.]ts$' },
      to: { path: '^packages/' },
    },
    {
      name: 'sandbox-only-by-dynamic-import',
      severity: 'error',
      comment: 'src/cli/run.ts loads the sandbox by dynamic import (and reads its types), so a start with credentials never loads it.',
      from: { path: '^src/cli/run[.]ts$' },
      to: { path: '^packages/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'packages-not-product',
      severity: 'error',
      comment: 'The packages are built on their own: what they need of Firebreak they are given (options, types of their own).',
      from: { path: '^packages/' },
      to: { path: '^(src|bench)/' },
    },
    {
      name: 'emulator-generic',
      severity: 'error',
      comment: 'The Slack emulator knows Slack, not the sandbox built on it.',
      from: { path: '^packages/slack-emulator/' },
      to: { path: '^packages/(?!slack-emulator/)' },
    },
    {
      name: 'src-not-bench',
      severity: 'error',
      comment: 'The benchmarks use the product and the emulator, never the reverse.',
      from: { path: '^(src|packages)/' },
      to: { path: '^bench/' },
    },
    {
      name: 'db-not-outer-layers',
      severity: 'error',
      comment: 'The database adapter implements ports; it knows neither the use cases, Slack nor observability.',
      from: { path: '^src/db/' },
      to: { path: '^src/(app|slack|observability)/', pathNot: '^src/app/ports[.]ts$' },
    },
    {
      name: 'db-ports-types-only',
      severity: 'error',
      comment: 'src/app/ports.ts holds the contracts the database implements: it may read their types, nothing that runs.',
      from: { path: '^src/db/' },
      to: { path: '^src/app/ports[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'slack-not-db',
      severity: 'error',
      comment: 'The Slack adapter reaches the database only through the use cases and their ports.',
      from: { path: '^src/slack/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'app-not-adapters',
      severity: 'error',
      comment: 'Use cases speak to ports, never to the adapters behind them.',
      from: { path: '^src/app/' },
      to: { path: '^(src/(db|slack)|packages)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The packages' builds; their sources are what is checked.
    exclude: { path: '^packages/[^/]+/dist/' },
    // Workspace packages resolve to their TypeScript sources, as in tsconfig.json.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['firebreak-source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
