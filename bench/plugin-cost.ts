// What @graphql-yoga/plugin-prometheus would cost per request (issue 11 asked to
// adopt it unless it costs measurably; it did, so the server keeps its own
// prom-client series: bench/README.md, "Metrics plugin"). CPU time per GraphQL
// request, measured in process: W1's document through Yoga (yoga.fetch, no
// sockets, no database) with no metrics, with the server's metrics plugin, and
// with that plus the plugin configured as it would have been adopted (phase
// histograms and errors by phase, labels bounded like the server's). Variants run in alternating
// rounds and the report gives medians, so machine drift hits all three alike;
// CPU time (process.cpuUsage), not wall time, so other processes on the machine
// matter less than they do to the load test.
//
//   cd bench && npx tsx plugin-cost.ts [--rounds 25] [--requests 1500]
import { parseArgs } from 'node:util';
import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { Registry } from 'prom-client';
import { loadConfig } from '../server/src/config.js';
import { createMetrics } from '../server/src/hardening/metrics.js';
import { operationLabel, startRequestInfo } from '../server/src/hardening/request-info.js';
import { W1_QUERY } from './workloads.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, requests: { type: 'string' } } });
const ROUNDS = Number(values.rounds ?? 25);
const REQUESTS = Number(values.requests ?? 1500);

// The shape W1 selects, answered from memory.
const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type ApiToken { id: ID! name: String! hint: String! createdAt: String! lastUsedAt: String expiresAt: String }
    type ApiTokenEdge { cursor: String! node: ApiToken! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type ApiTokenConnection { totalCount: Int! edges: [ApiTokenEdge!]! pageInfo: PageInfo! }
    type Query { apiTokens(first: Int): ApiTokenConnection! }
  `,
  resolvers: {
    Query: {
      apiTokens: () => ({
        totalCount: 10_000,
        edges: Array.from({ length: 20 }, (_, i) => ({
          cursor: `c${i}`,
          node: {
            id: `t${i}`,
            name: `token ${i}`,
            hint: 'pat_…abcd',
            createdAt: '2026-01-01T00:00:00Z',
            lastUsedAt: null,
            expiresAt: null,
          },
        })),
        pageInfo: { hasNextPage: true, endCursor: 'c19' },
      }),
    },
  },
});

const config = loadConfig({ NODE_ENV: 'production' }).hardening;
// What the app's request log does first: every request's info (start time, operation) exists.
const requestStart: Plugin = {
  onRequest: ({ request }) => void startRequestInfo(request),
  onParams: ({ request, params }) =>
    void Object.assign(startRequestInfo(request), { operationName: params.operationName }),
};

/** The GraphQL phase series as they would have been adopted: four histograms and errors by phase. */
function phaseSeries(): Plugin {
  const registry = new Registry();
  const labelNames = ['operation', 'operation_type'] as const;
  const labels = (params: FillLabelsFnParams) => ({
    operation: operationLabel(params),
    operation_type: params.operationType ?? 'unknown',
  });
  const buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  const phase = <Phase>(name: string) =>
    createHistogram<Phase, (typeof labelNames)[number]>({
      registry,
      histogram: { name, help: name, labelNames, buckets },
      fillLabelsFn: labels,
    });
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_phase_parse: phase<'parse'>('graphql_phase_parse_seconds'),
      graphql_envelop_phase_validate: phase<'validate'>('graphql_phase_validate_seconds'),
      graphql_envelop_phase_context: phase<'context'>('graphql_phase_context_seconds'),
      graphql_envelop_phase_execute: phase<'execute'>('graphql_phase_execute_seconds'),
      graphql_envelop_error_result: createCounter<'parse' | 'validate' | 'context' | 'execute' | 'subscribe', string>({
        registry,
        counter: { name: 'graphql_errors_total', help: 'errors', labelNames: [...labelNames, 'phase'] },
        fillLabelsFn: (params) => ({ ...labels(params), phase: params.errorPhase ?? 'unknown' }),
      }),
      graphql_envelop_request: false,
      graphql_envelop_request_duration: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_execute_resolver: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_yoga_http_duration: false,
    },
  });
}

const variants: Record<string, () => Plugin[]> = {
  'no metrics': () => [requestStart],
  'the server’s metrics (prom-client)': () => [requestStart, createMetrics(config).plugin],
  'the server’s + plugin-prometheus phase series': () => [requestStart, createMetrics(config).plugin, phaseSeries()],
};
const yogas = Object.fromEntries(
  Object.entries(variants).map(([name, plugins]) => [
    name,
    createYoga({ schema, plugins: plugins(), logging: false, maskedErrors: false }),
  ]),
);
const body = JSON.stringify({ query: W1_QUERY, operationName: 'W1' });

async function cpuMicrosPerRequest(name: string, n: number): Promise<number> {
  const yoga = yogas[name]!;
  const start = process.cpuUsage();
  for (let i = 0; i < n; i += 1) {
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (response.status !== 200) throw new Error(`${name}: status ${response.status}`);
    await response.text();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const name of Object.keys(variants)) await cpuMicrosPerRequest(name, REQUESTS); // warm-up: JIT, caches
for (let round = 0; round < ROUNDS; round += 1) {
  // Rotate the order so no variant always runs first after the others.
  const names = Object.keys(variants);
  for (let k = 0; k < names.length; k += 1) {
    const name = names[(round + k) % names.length]!;
    samples[name]!.push(await cpuMicrosPerRequest(name, REQUESTS));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const baseline = samples['no metrics']!;
const signed = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(1)}`;
console.log(
  `| variant | CPU µs per request (median of ${ROUNDS} × ${REQUESTS}) | range | vs no metrics, median of the rounds' differences |`,
);
console.log('|---|---:|---:|---:|');
for (const [name, xs] of Object.entries(samples)) {
  // Each round's difference comes from adjacent windows: drift between rounds cancels.
  const paired = xs === baseline ? '–' : signed(median(xs.map((x, i) => x - baseline[i]!)));
  console.log(
    `| ${name} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} | ${paired} |`,
  );
}
