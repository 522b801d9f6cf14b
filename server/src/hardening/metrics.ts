// Prometheus metrics on /metrics: GraphQL requests and their durations by
// operation and status, authentication failures by reason, rate-limit
// rejections, statements sent to the database, plus the process defaults.
// A registry per app (tests run several).
// Off or protected by configuration (METRICS, METRICS_TOKEN).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

  return {
    registry,
    plugin: {
      onResponse({ request, response }) {
        const info = requestInfo(request);
        const operation = label(operationLabel(info));
        requests.inc({ operation, status: String(response.status) });
        duration.observe({ operation }, (performance.now() - info.startedAt) / 1000);
      },
    },
    authFailure: (reason) => authFailures.inc({ reason }),
    rateLimited: (limiter) => rejections.inc({ limiter }),
    handle(req, res) {
      if (!config.metrics || req.url?.split('?')[0] !== '/metrics') return false;
      if (expected) {
        const given = Buffer.from(req.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res.writeHead(401, {
            'content-type': 'text/plain; charset=utf-8',
            'www-authenticate': 'Bearer realm="metrics"',
          });
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
