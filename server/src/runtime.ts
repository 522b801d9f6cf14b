// Starting and stopping the whole server: database, migrations, app, HTTP.
import { createApp, type App, type AppOptions } from './app.js';
import { startAdminChannel, type AdminChannel } from './admin/channel.js';
import { execute, type CommandServices } from './admin/commands.js';
import { issueDemoToken } from './admin/demo-token.js';
import { Directory } from './admin/directory.js';
import { seedDemo } from './admin/seed.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase, type Database, type DatabaseOptions } from './db/database.js';
import { migrate } from './db/migrate.js';
import { countStatements, PRISMA_QUERY_EVENTS } from './db/statement-count.js';
import { createHttpServer, listen, type RunningServer } from './http/server.js';
import type { Logger } from './logger.js';
import type { InactivitySweep } from './tokens/inactivity-sweep.js';
import { purgeRevokedTokens } from './tokens/revoked-history.js';
import { purgeWebhookEvents } from './webhooks/retention.js';

/** How often a running server purges revoked-history records past REVOKED_RETENTION_DAYS (and old webhook events). */
const PURGE_INTERVAL_MS = 3_600_000;
/** How often `api_token.expiring` events are looked for: each token is noted once per threshold, so this is only how late one may come. */
const EXPIRING_INTERVAL_MS = 600_000;

/**
 * Runs `task` once (awaited: a started server has done it, so no statement of it
 * lands in anyone's first requests) and then every `intervalMs` (timer unref'd);
 * returns the stop function, which waits for a run under way. `task` logs its own
 * failures: it must not reject.
 */
async function scheduleRepeating(task: () => Promise<unknown>, intervalMs: number): Promise<() => Promise<void>> {
  let running: Promise<unknown> = task();
  await running;
  const timer = setInterval(() => {
    running = task();
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

function schedulePurge(db: Database, config: Config, logger: Logger, clock: Clock): Promise<() => Promise<void>> {
  const purge = () =>
    purgeRevokedTokens(db.sql, config.revokedRetentionDays, clock()).then(
      (count) => count > 0 && logger.info({ count }, 'purged revoked-token records past their retention'),
      (error: unknown) => logger.warn({ err: error }, 'could not purge revoked-token records'),
    );
  return scheduleRepeating(purge, PURGE_INTERVAL_MS);
}

/** The inactivity sweep every INACTIVITY_SWEEP_INTERVAL_SECONDS (0: never here); stopping also ends a run under way. */
async function scheduleSweep(sweep: InactivitySweep, config: Config, logger: Logger): Promise<() => Promise<void>> {
  if (config.inactivitySweepIntervalSeconds === 0) return () => sweep.stop();
  const run = () =>
    sweep.run().catch((error: unknown) => logger.warn({ err: error }, 'inactivity sweep failed; it runs again later'));
  const stopTimer = await scheduleRepeating(run, config.inactivitySweepIntervalSeconds * 1000);
  return async () => {
    await sweep.stop();
    await stopTimer();
  };
}

/** `api_token.expiring` events every EXPIRING_INTERVAL_MS (tokens/expiring.ts: one instance at a time). */
async function scheduleExpiring(app: App, logger: Logger): Promise<() => Promise<void>> {
  const run = () =>
    app.expiringEvents
      .run()
      .catch((error: unknown) => logger.warn({ err: error }, 'expiring-token events failed; they run again later'));
  const stopTimer = await scheduleRepeating(run, EXPIRING_INTERVAL_MS);
  return async () => {
    await app.expiringEvents.stop();
    await stopTimer();
  };
}

export async function openMigratedDatabase(
  config: Config,
  logger: Logger,
  owner?: DatabaseOptions['owner'],
): Promise<Database> {
  const countingOn = config.hardening.metrics;
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    queryTimeoutMs: config.hardening.dbQueryTimeoutMs,
    ...(countingOn && { log: PRISMA_QUERY_EVENTS }),
    ...(owner && { owner }),
  });
  const db = countingOn ? countStatements(opened) : opened;
  try {
    const result = await migrate(db.sql, { onApply: (name) => logger.info({ migration: name }, 'applied migration') });
    logger.debug({ database: db.description, ...result }, 'migrations checked');
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export interface StartedServer {
  app: App;
  db: Database;
  http: RunningServer;
  demoToken: string | undefined;
  /** Graceful stop: finish in-flight requests, flush last-used writes, close the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Seed demo data before starting. */
  seed?: boolean;
  /** Use this database instead of opening one from config (tests). */
  db?: Database;
  clock?: Clock;
  /** Webhook delivery's jitter and host resolution (tests). */
  random?: AppOptions['random'];
  resolve?: AppOptions['resolve'];
}

export async function startServer(options: StartOptions): Promise<StartedServer> {
  const { config, logger } = options;
  const db = options.db ?? (await openMigratedDatabase(config, logger, { kind: 'server', label: 'api-tokens serve' }));
  // Whatever fails before the server is up must not leave the database (and its lock) open.
  const cleanups: (() => Promise<void>)[] = [];
  if (!options.db) cleanups.push(() => db.close());
  const unwind = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'cleanup after a failed start failed'));
    }
  };
  try {
    if (options.seed) await seedDemo(db.prisma);
    let demoToken: string | undefined;
    const app = createApp({
      config,
      db,
      logger,
      clock: options.clock,
      graphiqlAuthorization: () => demoToken && `Bearer ${demoToken}`,
      ...(options.random && { random: options.random }),
      ...(options.resolve && { resolve: options.resolve }),
    });
    cleanups.push(async () => {
      await app.stop();
      await app.lastUsed.flush();
      await app.revokedUses.flush();
      await app.canaryTrips.flush();
      await app.rateLimiter.close();
    });
    const showDemo = config.nodeEnv === 'development' && config.graphiql;
    // This instance's own demo token (admin/demo-token.ts): revoked at stop, never another instance's.
    const demo = showDemo
      ? await issueDemoToken(new Directory(db.prisma), app.tokens, { clock: options.clock })
      : undefined;
    demoToken = demo?.token;
    if (demo) cleanups.push(() => demo.revoke());
    await app.start();
    const http = await listen(
      createHttpServer(app, db, logger, {
        requestTimeoutMs: config.hardening.requestTimeoutMs,
        https: config.publicUrl.startsWith('https:'),
      }),
      config.port,
      config.host,
    );
    cleanups.push(() => http.close());
    // Only once listening: a start that fails (busy port, lock) ends without waiting on a purge.
    const stopPurge = await schedulePurge(db, config, logger, options.clock ?? systemClock);
    cleanups.push(stopPurge);
    const stopSweep = await scheduleSweep(app.inactivitySweep, config, logger);
    cleanups.push(stopSweep);
    // Webhook delivery (WEBHOOK_DELIVERY=false: this instance only writes the outbox), the expiring-token
    // events and the webhook retention, each first round awaited like the purge's.
    if (config.webhooks.deliver) {
      cleanups.push(() => app.webhookWorker.stop());
      await app.webhookWorker.start();
    }
    const stopExpiring = await scheduleExpiring(app, logger);
    cleanups.push(stopExpiring);
    const stopWebhookRetention = await scheduleRepeating(
      () =>
        purgeWebhookEvents(db.sql, config.webhooks.retentionDays, (options.clock ?? systemClock)()).catch(
          (error: unknown) => logger.warn({ err: error }, 'could not purge old webhook events'),
        ),
      PURGE_INTERVAL_MS,
    );
    cleanups.push(stopWebhookRetention);
    // The owner of an embedded database answers the CLI's commands (it cannot open the directory itself).
    let channel: AdminChannel | undefined;
    let withdraw: (() => void) | undefined;
    if (db.dataDirLock) {
      const services = commandServicesOf(app, db, config.revokedRetentionDays);
      channel = await startAdminChannel((command, args) => execute(command, args, services), logger);
      withdraw = db.dataDirLock.advertise(channel.address);
    }
    logger.info({ url: http.url, database: db.description }, 'server listening');
    let stopping: Promise<void> | undefined;
    return {
      app,
      db,
      http,
      demoToken,
      stop: () => {
        stopping ??= (async () => {
          // CLI commands sent from now on wait and then open the directory themselves.
          withdraw?.();
          await Promise.all([http.close(), channel?.close()]);
          await demo
            ?.revoke()
            .catch((error: unknown) => logger.warn({ err: error }, 'could not revoke the demo token'));
          await stopPurge();
          await stopSweep();
          await stopExpiring();
          await stopWebhookRetention();
          await app.webhookWorker.stop();
          await app.stop();
          await app.lastUsed.flush();
          await app.revokedUses.flush();
          await app.canaryTrips.flush();
          await app.rateLimiter.close();
          if (!options.db) await db.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** The running app's services, for the operator's commands (the admin channel; tests run commands with them too). */
export function commandServicesOf(app: App, db: Database, revokedRetentionDays: number): CommandServices {
  return {
    db,
    tokens: app.tokens,
    tokenPolicy: app.tokenPolicy,
    webhooks: app.webhooks,
    inactivitySweep: app.inactivitySweep,
    revokedRetentionDays,
    fence: app.fence,
  };
}
