/**
 * The layering of the code (docs/architecture.md), checked by `npm run lint`.
 * Tests, fixtures and test support are outside these rules.
 */
const notTests = '(\\.test\\.ts$|^test/|/test-support/)';

module.exports = {
  forbidden: [
    {
      name: 'kernel-is-the-bottom',
      comment: 'src/shared (the kernel: decider helpers, errors, the command path) imports nothing above it but the event store port, the calendar and the metrics and tracing leaves.',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: notTests },
      // The metrics and tracing modules are leaves too (they import only their libraries).
      to: {
        dependencyTypesNot: ['core'],
        pathNot: ['^src/shared/', '^src/calendar/', '^src/event-store/event-store\\.port\\.ts$', '^src/(metrics/metrics|tracing/tracing)\\.ts$', '^node_modules/'],
      },
    },
    {
      name: 'deciders-import-the-kernel',
      comment: 'A decider imports only the kernel, the calendar and its own feature (events, rules, templates).',
      severity: 'error',
      from: { path: '^src/([^/]+)/(decider|rules/[^/]+)\\.ts$', pathNot: notTests },
      to: { dependencyTypesNot: ['core'], pathNot: ['^src/shared/', '^src/calendar/', '^src/$1/', '^node_modules/'] },
    },
    {
      name: 'projections-import-events-and-kernel',
      comment: 'A projection reads events: it imports event types, a feature\'s pure contracts, the kernel and the calendar, never a feature\'s logic.',
      severity: 'error',
      // The runner and the data source are the machinery projections run on, not projections.
      from: { path: '^projections/', pathNot: [notTests, '^projections/(runner/|data-source\\.ts$)'] },
      to: { path: '^src/', pathNot: ['^src/[^/]+/events\\.ts$', '^src/[^/]+/contracts/', '^src/shared/', '^src/calendar/', '^src/event-store/event-store\\.port\\.ts$'] },
    },
    {
      name: 'contracts-are-pure',
      comment: 'A feature\'s contracts (src/<feature>/contracts/), which its projection shares, import only the kernel, the calendar, events and other contracts: no feature logic, no projection, no database code.',
      severity: 'error',
      from: { path: '^src/[^/]+/contracts/', pathNot: notTests },
      to: { dependencyTypesNot: ['core'], pathNot: ['^src/shared/', '^src/calendar/', '^src/[^/]+/events\\.ts$', '^src/[^/]+/contracts/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: notTests },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
