/**
 * The layers Firebreak keeps (README, Development): the domain stands alone, the database and Slack
 * adapters do not reach into each other or into the use cases, and the sandbox stays out of production.
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
      name: 'sandbox-not-in-production',
      severity: 'error',
      comment: 'Only the command line (which loads the sandbox lazily) may import the packages (the emulator and the sandbox).',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^packages/' },
    },
    {
      name: 'src-not-bench',
      severity: 'error',
      comment: 'The benchmarks use the product, never the reverse.',
      from: { path: '^src/' },
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
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
