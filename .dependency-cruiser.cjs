/**
 * The layers Firebreak keeps (README, Layout): the domain stands alone; each feature in src/features/ talks to
 * another only through a port (its *.ports.ts) or the kernel; a feature's use cases reach no adapter; the
 * database and Slack adapters do not reach into each other; the product never loads the emulator and sandbox
 * packages or the bench.
 * `npm run lint` runs this after Biome; any violation fails.
 *
 * File roles inside src/features/<feature>/ and src/kernel/, by name:
 *   *.ports.ts                  interfaces a use case needs (types only)
 *   *.repository.ts, *.queries.ts   kysely: the database adapter
 *   *.tables.ts                 the row types of the tables a feature owns, for its database adapter
 *   *.slack.ts, *.view.ts, *.gateway.ts, *.tracker.ts, *.delivery.ts, *.ids.ts, *.refusal-text.ts   the Slack
 *                               adapter: listeners, Block Kit, outbound calls (a tracker is one), the delivery
 *                               steps of a feature's notices, its callback/block/action ids, the sentence a user
 *                               reads for each of its refusals
 *   any other *.ts              use cases (and the kernel's shared rules)
 */
const FEATURE_ADAPTER = '[.](repository|queries|tables|slack|view|gateway|tracker|delivery|ids|refusal-text)[.]ts$';
const DATABASE_ADAPTER = '(^src/kernel/db/|[.](repository|queries|tables)[.]ts$)';
const SLACK_ADAPTER = '(^src/kernel/slack/|[.](slack|view|gateway|tracker|delivery|ids|refusal-text)[.]ts$)';

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
      name: 'fakes-generic',
      severity: 'error',
      comment: 'The service fakes stand for the services around Slack and know nothing of Slack or the sandbox.',
      from: { path: '^packages/service-fakes/' },
      to: { path: '^packages/(?!service-fakes/)' },
    },
    {
      name: 'use-cases-not-outbound-calls',
      severity: 'error',
      comment: "A use case owes a call to another service to the outbox; only a feature's adapters make it.",
      from: { path: '^src/features/', pathNot: [FEATURE_ADAPTER, '[.]ports[.]ts$'] },
      to: { path: '^src/kernel/outbound/service-call[.]ts$' },
    },
    {
      name: 'src-not-bench',
      severity: 'error',
      comment: 'The benchmarks use the product and the emulator, never the reverse.',
      from: { path: '^(src|packages)/' },
      to: { path: '^bench/' },
    },
    {
      name: 'kernel-not-features',
      severity: 'error',
      comment: 'The kernel serves every feature and knows none of them: main.ts hands it what each feature brings.',
      from: { path: '^src/kernel/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'feature-not-other-features',
      severity: 'error',
      comment: 'A feature reaches another only through its ports (*.ports.ts) or the kernel, never its internals.',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: ['^src/features/$1/', '[.]ports[.]ts$', '[.]tables[.]ts$'] },
    },
    {
      name: 'other-features-tables-types-only',
      severity: 'error',
      comment:
        "A read model over several features' rows (stats, home) may name another feature's table types; it brings no code along.",
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/[^/]+/[^/]+[.]tables[.]ts$', pathNot: '^src/features/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'use-cases-not-adapters',
      severity: 'error',
      comment: "A feature's use cases speak to the domain, the kernel and ports, never to a database or Slack adapter.",
      from: { path: '^src/features/', pathNot: [FEATURE_ADAPTER, '[.]ports[.]ts$'] },
      to: { path: [FEATURE_ADAPTER, '^src/kernel/(db|slack|config)/', '^src/observability/'] },
    },
    {
      name: 'ports-types-only',
      severity: 'error',
      comment: 'A port file declares contracts; importing it brings no code along.',
      from: {},
      to: { path: '[.]ports[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'database-not-slack',
      severity: 'error',
      comment: 'The database adapter implements ports; it knows neither Slack nor observability.',
      from: { path: DATABASE_ADAPTER },
      to: { path: [SLACK_ADAPTER, '^src/observability/'] },
    },
    {
      name: 'slack-not-database',
      severity: 'error',
      comment: 'The Slack adapter reaches the database only through the use cases and their ports.',
      from: { path: SLACK_ADAPTER },
      to: { path: DATABASE_ADAPTER },
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
