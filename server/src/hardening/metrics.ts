// Prometheus metrics on /metrics, one registry per app (tests run several):
// - every HTTP response of the GraphQL endpoint by operation and status, and its
//   duration (prom-client, onResponse: it must also count the requests refused
//   before any GraphQL work — a malformed token, a rate limit — which the
//   GraphQL plugin never sees);
// - the GraphQL phases (parse, validate, context, execute durations, errors by
//   phase) from @graphql-yoga/plugin-prometheus;
// - authentication failures by reason, rate-limit rejections, statements sent to
//   the database, and the process defaults (prom-client).
// Off or protected by configuration (METRICS, METRICS_TOKEN).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCounter, createHistogram, type FillLabelsFnParams, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HardeningConfig } from '../config.js';
import { operationLabel, requestInfo } from './request-info.js';
import type { LimiterName } from './rate-limits.js';

export interface Metrics {
  registry: Registry;
  plugin: Plugin;
  authFailure(reason: string): void;
  rateLimited(limiter: LimiterName): void;
  /** Serves GET /metrics; returns false when the path is not /metrics or metrics are off. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

// Operation names are chosen by clients: cap how many distinct labels one process keeps.
const MAX_OPERATION_LABELS = 200;

export interface MetricsSources {
  /** Statements sent to the database so far (db.statementCount), when counted. */
  statements?: (() => number) | undefined;
}

// Parse, validate and context building take micro- to milliseconds; execution up to the request's own range.
const PHASE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The GraphQL phases from the Yoga plugin, with bounded labels: the operation name
 * is the client's choice, so it passes the same checks and cap as every other label.
 * Left off: per-resolver timing (a cost per field), the request summary (quantiles
 * cost per observation; the histogram above gives them), deprecated fields (the
 * schema has none; it walks every document), and the plugin's own HTTP histogram
 * and counter (the series below, which also see refused requests, replace them).
 */
function graphqlPhasePlugin(registry: Registry, label: (name: string) => string): Plugin {
  const labelNames = ['operation', 'operation_type'] as const;
  const labels = (params: FillLabelsFnParams) => ({
    operation: label(operationLabel(params)),
    operation_type: params.operationType ?? 'unknown',
  });
  const phase = <Phase>(name: string, help: string) =>
    createHistogram<Phase, (typeof labelNames)[number]>({ registry, histogram: { name, help, labelNames, buckets: PHASE_BUCKETS }, fillLabelsFn: labels });
  return usePrometheus({
    registry,
    endpoint: false, // served by the HTTP edge, behind METRICS_TOKEN
    metrics: {
      graphql_envelop_phase_parse: phase<'parse'>('graphql_phase_parse_seconds', 'Time spent parsing GraphQL documents.'),
      graphql_envelop_phase_validate: phase<'validate'>('graphql_phase_validate_seconds', 'Time spent validating GraphQL documents.'),
      graphql_envelop_phase_context: phase<'context'>('graphql_phase_context_seconds', 'Time spent building the GraphQL context.'),
      graphql_envelop_phase_execute: phase<'execute'>('graphql_phase_execute_seconds', 'Time spent executing GraphQL operations.'),
      graphql_envelop_error_result: createCounter<'parse' | 'validate' | 'context' | 'execute' | 'subscribe', string>({
        registry,
        counter: {
          name: 'graphql_errors_total',
          help: 'Errors in GraphQL results, by operation and the phase that reported them.',
          labelNames: [...labelNames, 'phase'],
        },
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

export function createMetrics(config: HardeningConfig, sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { statements } = sources;
  if (statements) {
    let reported = 0;
    new Counter({
      name: 'database_statements_total',
      help: 'Statements sent to the database (each one a round trip), by the driver and by Prisma.',
      registers: [registry],
      collect() {
        const now = statements();
        this.inc(now - reported);
        reported = now;
      },
    });
  }
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL HTTP requests by operation and status.',
    labelNames: ['operation', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request duration by operation.',
    labelNames: ['operation'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const authFailures = new Counter({
    name: 'auth_failures_total',
    help: 'Failed authentications by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests rejected with 429, by limiter.',
    labelNames: ['limiter'],
    registers: [registry],
  });
  const seen = new Set<string>();
  const label = (name: string) => {
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };
  const expected = config.metricsToken ? Buffer.from(`Bearer ${config.metricsToken}`) : undefined;

  const httpSeries: Plugin = {
    onResponse({ request, response }) {
      const info = requestInfo(request);
      const operation = label(operationLabel(info));
      requests.inc({ operation, status: String(response.status) });
      duration.observe({ operation }, (performance.now() - info.startedAt) / 1000);
    },
  };
  const phases = graphqlPhasePlugin(registry, label);

  return {
    registry,
    plugin: {
      onPluginInit({ addPlugin }) {
        addPlugin(phases);
        addPlugin(httpSeries);
      },
    },
    authFailure: (reason) => authFailures.inc({ reason }),
    rateLimited: (limiter) => rejections.inc({ limiter }),
    handle(req, res) {
      if (!config.metrics || req.url?.split('?')[0] !== '/metrics') return false;
      if (expected) {
        const given = Buffer.from(req.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' });
          res.end('Unauthorized\n');
          return true;
        }
      }
      void registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return true;
    },
  };
}
