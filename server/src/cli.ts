#!/usr/bin/env node
// The one entry point for operators: serve, migrate, seed, and the workspace,
// user and token commands (how an operator gets the first token, since the
// API itself needs one). Every command has --help; data commands have --json.
//
// This file only parses, picks the way to the database, and prints. The data
// commands themselves live in admin/commands.ts. With PostgreSQL they run here.
// With the embedded database they run here too unless a server owns the data
// directory; then that server runs them (admin/channel.ts), since a PGlite
// directory must never be opened twice. The result and output are the same.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { AdminChannelError, AdminChannelUnavailableError, sendAdminCommand } from './admin/channel.js';
import { execute, localServices, type CommandName } from './admin/commands.js';
import { DEMO_ADMIN_EMAIL } from './admin/seed.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirLockedError, readDataDirOwner } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { MigrationError } from './db/migrate.js';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { applyHeapGrowingPercent } from './heap-tuning.js';
import { isLoopbackAddress } from './http/loopback.js';
import { EVENT_TYPES } from './events/types.js';
import { describeRegistration, registration } from './leaks/registration.js';
import { ListenError } from './http/server.js';
import { createLogger } from './logger.js';
import { openMigratedDatabase, startServer } from './runtime.js';

type Env = Record<string, string | undefined>;

export interface CliIo {
  /** Environment (configuration); default process.env. */
  env?: Env;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/** How long a command waits for a data directory held by someone who will let go (another command, a starting server). */
const OWNER_WAIT_MS = 30_000;

/** The directory's owner never took the command (it is not a server, or it never became ready). */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

const KNOWN_ERRORS = [
  ConfigError,
  ValidationError,
  ForbiddenError,
  NotFoundError,
  MigrationError,
  DataDirLockedError,
  DataDirBusyError,
  ListenError,
  AdminChannelError,
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one data command in this process: opens the database (taking the directory), runs, closes. */
async function runHere(command: CommandName, args: Record<string, unknown>, config: Config): Promise<unknown> {
  const owner = { kind: 'command' as const, label: `api-tokens ${command.replace('.', ' ')}` };
  if (command === 'migrate') {
    // Migrating is the command itself: open without applying anything first.
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner });
    try {
      return await execute(command, args, localServices(config, db));
    } finally {
      await db.close();
    }
  }
  const db = await openMigratedDatabase(
    config,
    createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
    owner,
  );
  try {
    return await execute(command, args, localServices(config, db));
  } finally {
    await db.close();
  }
}

/**
 * Runs a data command wherever it must run: here, or, when a live server owns the
 * embedded database's directory, in that server. A directory held by another
 * command (or a server still starting) is waited for.
 */
async function runCommand(command: CommandName, args: Record<string, unknown>, env: Env): Promise<unknown> {
  const config = loadConfig(env);
  if (config.databaseUrl || config.dataDir.startsWith('memory://')) return runHere(command, args, config);
  const dataDir = path.resolve(config.dataDir);
  const deadline = Date.now() + OWNER_WAIT_MS;
  for (;;) {
    const owner = readDataDirOwner(dataDir);
    let holder = owner;
    if (owner?.channel) {
      try {
        return await sendAdminCommand(owner.channel, command, args, { ownerPid: owner.pid });
      } catch (error) {
        if (!(error instanceof AdminChannelUnavailableError)) throw error;
        // It is stopping (or has stopped): nothing ran; look again.
      }
    } else if (!owner) {
      try {
        return await runHere(command, args, { ...config, dataDir });
      } catch (error) {
        if (!(error instanceof DataDirLockedError)) throw error;
        holder = error.owner;
      }
    }
    if (Date.now() > deadline) {
      throw new DataDirBusyError(
        `DATA_DIR ${dataDir} is in use by ${holder ? `PID ${holder.pid} (${holder.label})` : 'another process'}, which did not take the command within ${OWNER_WAIT_MS / 1000} s; try again when it has finished.`,
      );
    }
    await sleep(100);
  }
}

type Printer = (text: string) => void;

function buildProgram(env: Env, out: Printer, err: Printer): Command {
  // A data command's action: run it wherever it must run, then print its JSON result as JSON or as text.
  // Commander calls an action with the positional arguments, then the options, then the command.
  const data =
    <O extends { json?: boolean }>(
      command: CommandName,
      toArgs: (options: O, ...positional: string[]) => Record<string, unknown>,
      // biome-ignore lint/suspicious/noExplicitAny: a result is the JSON its command returned (here or over the admin channel); each printer reads its own command's fields.
      human: (result: any, options: O) => string,
    ) =>
    async (...received: unknown[]) => {
      const options = received.at(-2) as O;
      const result = await runCommand(command, toArgs(options, ...(received.slice(0, -2) as string[])), env);
      out(`${options.json ? JSON.stringify(result, null, 2) : human(result, options)}\n`);
    };

  const program = new Command()
    .name('api-tokens')
    .description('GraphQL API for personal API tokens: server and operator commands.')
    .configureOutput({ writeOut: out, writeErr: err })
    .exitOverride()
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nConfiguration comes from environment variables (PORT, HOST, DATABASE_URL, DATA_DIR, PUBLIC_URL, TOKEN_PREFIX, LOG_LEVEL, NODE_ENV, ...); see README.md.\n' +
        'While a server owns the embedded database (DATA_DIR), data commands are run by that server.',
    );

  program
    .command('serve')
    .description('Apply pending migrations and start the HTTP server (GraphQL on /graphql).')
    .option('--demo', 'seed the demo workspaces and users first (idempotent)')
    .option('--port <port>', 'override PORT')
    .action(async (options: { demo?: boolean; port?: string }) => {
      const config = loadConfig({ ...env, ...(options.port !== undefined && { PORT: options.port }) });
      const logger = createLogger(config.logLevel);
      applyHeapGrowingPercent(config.heapGrowingPercent);
      const deadline = Date.now() + OWNER_WAIT_MS;
      // Handlers from before the start: a signal that arrives while starting, or just after
      // "server listening" was logged, stops the server cleanly once it is up instead of
      // killing it by the default action (nothing closed, exit code null).
      let signalled: string | undefined;
      let onSignal = (signal: string) => {
        signalled = signal;
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
      let server: Awaited<ReturnType<typeof startServer>>;
      for (;;) {
        try {
          server = await startServer({ config, logger, seed: options.demo ?? false });
          break;
        } catch (error) {
          // A CLI command holding the directory will be done in a moment; another server will not.
          const waitable =
            error instanceof DataDirLockedError && error.owner?.kind !== 'server' && Date.now() < deadline;
          if (!waitable) {
            if (error instanceof DataDirLockedError) {
              throw new DataDirLockedError(
                error.dataDir,
                error.owner,
                error.pid,
                'Stop it first (CLI commands reach a running server by themselves), or set DATA_DIR to another directory.',
              );
            }
            throw error;
          }
          await sleep(100);
        }
      }
      const lines = [`Token page:  ${config.publicUrl}/`, `GraphQL API: ${config.publicUrl}/graphql`];
      if (config.graphiql) lines.push(`GraphiQL:    ${config.publicUrl}/graphql (open in a browser)`);
      if (server.demoToken) {
        lines.push(`Demo token for ${DEMO_ADMIN_EMAIL} (this server's own: revoked when it stops, expires in 7 days;`);
        lines.push(
          isLoopbackAddress(config.host)
            ? `GraphiQL pre-fills it for this machine only, at http://localhost:${server.http.port}/graphql):`
            : `GraphiQL does not pre-fill it: HOST ${config.host} is not a loopback address):`,
        );
        lines.push(`  ${server.demoToken}`);
        lines.push(
          `Try: curl -s ${config.publicUrl}/graphql -H 'Authorization: Bearer ${server.demoToken}' -H 'Content-Type: application/json' -d '{"query":"{ viewer { email } }"}'`,
        );
      }
      err(`\n${lines.join('\n')}\n\n`);
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      onSignal = shutdown;
      if (signalled) shutdown(signalled);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations, then exit.')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'migrate',
        () => ({}),
        (result: { database: string; applied: string[]; alreadyApplied: string[] }) =>
          result.applied.length
            ? `Applied ${result.applied.length} migration(s) to ${result.database}: ${result.applied.join(', ')}`
            : `${result.database} is up to date (${result.alreadyApplied.length} migration(s) applied).`,
      ),
    );

  program
    .command('seed')
    .description('Create the demo workspaces and users (idempotent) and print a new token for the demo admin.')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'seed',
        () => ({}),
        (result) =>
          [
            ...result.workspaces.map(
              (w: { name: string; plan: string; auditLogsEnabled: boolean }) =>
                `workspace  ${w.name}  plan=${w.plan}  auditLogs=${w.auditLogsEnabled}`,
            ),
            ...result.users.map(
              (u: { email: string; role: string; workspace: string }) =>
                `user       ${u.email}  role=${u.role}  (${u.workspace})`,
            ),
            '',
            `Token for ${result.demoAdmin.email} (shown once, store it now):`,
            `  ${result.demoAdmin.token}`,
          ].join('\n'),
      ),
    );

  const workspace = program.command('workspace').description('Create and change workspaces.');
  workspace
    .command('create')
    .description('Create a workspace.')
    .requiredOption('--name <name>', 'workspace name')
    .addOption(new Option('--plan <plan>', 'plan').choices(['FREE', 'TEAM', 'ENTERPRISE']).default('FREE'))
    .option('--audit-logs', 'enable the audit log')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'workspace.create',
        (options: { name: string; plan: string; auditLogs?: boolean; json?: boolean }) => ({
          name: options.name,
          plan: options.plan,
          auditLogs: options.auditLogs,
        }),
        (created) =>
          `Created workspace ${created.name} (${created.id}) plan=${created.plan} auditLogs=${created.auditLogsEnabled}`,
      ),
    );
  workspace
    .command('update')
    .description('Change a workspace (by id or exact name).')
    .argument('<workspace>', 'workspace id or name')
    .option('--name <name>', 'new name')
    .addOption(new Option('--plan <plan>', 'new plan').choices(['FREE', 'TEAM', 'ENTERPRISE']))
    .option('--audit-logs', 'enable the audit log')
    .option('--no-audit-logs', 'disable the audit log')
    .option(
      '--tokens-revealable',
      'keep new tokens (encrypted) so owners can view them again (needs audit logs and TOKEN_ENCRYPTION_KEY)',
    )
    .option('--no-tokens-revealable', 'stop keeping token values, and destroy every kept value in the workspace')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'workspace.update',
        (
          options: { name?: string; plan?: string; auditLogs?: boolean; tokensRevealable?: boolean; json?: boolean },
          idOrName = '',
        ) => ({
          workspace: idOrName,
          name: options.name,
          plan: options.plan,
          auditLogs: options.auditLogs,
          tokensRevealable: options.tokensRevealable,
        }),
        (updated) =>
          `Updated workspace ${updated.name} (${updated.id}) plan=${updated.plan} auditLogs=${updated.auditLogsEnabled} tokensRevealable=${updated.tokensRevealable}` +
          (updated.destroyedValues ? ` (${updated.destroyedValues} kept value(s) destroyed)` : ''),
      ),
    );

  workspace
    .command('policy')
    .description(
      "Show or change a workspace's token policy (by id or exact name); the same rules and audit row as updateWorkspaceTokenPolicy.",
    )
    .argument('<workspace>', 'workspace id or name')
    .option('--max-lifetime-days <days>', 'new tokens must expire within this many days (1-3650), or "off"')
    .option(
      '--inactivity-revoke-days <days>',
      'revoke tokens unused for this many days (1-3650; never used: since creation), or "off"',
    )
    .addOption(
      new Option(
        '--tokens-revealable <switch>',
        'keep new tokens (encrypted) so owners can view them again (on needs audit logs and TOKEN_ENCRYPTION_KEY; off destroys kept values)',
      ).choices(['on', 'off']),
    )
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'workspace.policy',
        (
          options: {
            maxLifetimeDays?: string;
            inactivityRevokeDays?: string;
            tokensRevealable?: string;
            json?: boolean;
          },
          idOrName = '',
        ) => ({
          workspace: idOrName,
          maxLifetimeDays: options.maxLifetimeDays,
          inactivityRevokeDays: options.inactivityRevokeDays,
          tokensRevealable: options.tokensRevealable,
        }),
        (policy: {
          name: string;
          id: string;
          maxLifetimeDays: number | null;
          inactivityRevokeDays: number | null;
          tokensRevealable: boolean;
          destroyedValues: number;
        }) =>
          `Token policy of ${policy.name} (${policy.id}): maxLifetimeDays=${policy.maxLifetimeDays ?? 'off'} inactivityRevokeDays=${policy.inactivityRevokeDays ?? 'off'} tokensRevealable=${policy.tokensRevealable ? 'on' : 'off'}` +
          (policy.destroyedValues ? ` (${policy.destroyedValues} kept value(s) destroyed)` : ''),
      ),
    );

  const user = program.command('user').description('Create and change users.');
  user
    .command('create')
    .description('Create a user in a workspace.')
    .requiredOption('--email <email>', 'email address (unique)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--workspace <workspace>', 'workspace id or name')
    .addOption(new Option('--role <role>', 'role').choices(['ADMIN', 'MEMBER', 'WATCH_ONLY']).default('MEMBER'))
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'user.create',
        (options: { email: string; name: string; workspace: string; role: string; json?: boolean }) => ({
          email: options.email,
          name: options.name,
          workspace: options.workspace,
          role: options.role,
        }),
        (created) => `Created user ${created.email} (${created.id}) role=${created.role}`,
      ),
    );
  user
    .command('update')
    .description("Change a user's role or name.")
    .argument('<email>', 'the user to change')
    .addOption(new Option('--role <role>', 'new role').choices(['ADMIN', 'MEMBER', 'WATCH_ONLY']))
    .option('--name <name>', 'new display name')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'user.update',
        (options: { role?: string; name?: string; json?: boolean }, email = '') => ({
          email,
          role: options.role,
          name: options.name,
        }),
        (updated) => `Updated user ${updated.email} role=${updated.role}`,
      ),
    );

  const token = program.command('token').description("Create, list, rename, rotate and revoke a user's API tokens.");
  token
    .command('create')
    .description('Create a token for a user and print it (shown once).')
    .requiredOption('--email <email>', 'owner of the token')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-at <date>', 'optional expiry (ISO 8601)')
    .option(
      '--scopes <scopes>',
      'comma-separated: TOKENS_READ,TOKENS_WRITE,AUDIT_READ,WORKSPACE_ADMIN (default: all the owner’s role may hold)',
    )
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'token.create',
        (options: { email: string; name: string; expiresAt?: string; scopes?: string; json?: boolean }) => ({
          email: options.email,
          name: options.name,
          expiresAt: options.expiresAt,
          scopes: options.scopes,
        }),
        (created) =>
          [`Created "${created.name}" (${created.id}). Shown once, store it now:`, `  ${created.token}`].join('\n'),
      ),
    );
  token
    .command('list')
    .description("List a user's tokens, newest first (never their values).")
    .requiredOption('--email <email>', 'owner of the tokens')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'token.list',
        (options: { email: string; json?: boolean }) => ({ email: options.email }),
        (
          listed: {
            id: string;
            hint: string;
            name: string;
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
            scopes: string[];
          }[],
          options,
        ) =>
          listed.length === 0
            ? `${options.email.trim().toLowerCase()} has no API tokens.`
            : listed
                .map(
                  (t) =>
                    `${t.id}  ${t.hint}  ${JSON.stringify(t.name)}  ${t.scopes.join(',')}  created ${t.createdAt}  last used ${t.lastUsedAt ?? 'never'}${t.expiresAt ? `  expires ${t.expiresAt}` : ''}`,
                )
                .join('\n'),
      ),
    );
  token
    .command('rotate')
    .description(
      'Give a token a new secret (same id, name and scopes) and print it once; the old one stops after the overlap.',
    )
    .argument('<id>', 'token id (global ID from `token list`, or the raw UUID)')
    .option('--overlap-seconds <seconds>', 'how long the old secret keeps working, 0–604800', '0')
    .option('--expires-at <date>', 'a new expiry (ISO 8601); default: keep the current one')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'token.rotate',
        (options: { overlapSeconds: string; expiresAt?: string; json?: boolean }, id = '') => ({
          id,
          overlapSeconds: options.overlapSeconds,
          expiresAt: options.expiresAt,
        }),
        (rotated) =>
          [
            `Rotated "${rotated.name}" (${rotated.id}). The new secret, shown once, store it now:`,
            `  ${rotated.token}`,
            rotated.previousSecretExpiresAt
              ? `The previous secret works until ${rotated.previousSecretExpiresAt}.`
              : 'The previous secret no longer works.',
          ].join('\n'),
      ),
    );
  token
    .command('rename')
    .description('Rename a token (its id, secret and scopes stay); audited as the operator.')
    .argument('<id>', 'token id (global ID from `token list`, or the raw UUID)')
    .requiredOption('--name <name>', 'the new name (1–100 characters)')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'token.rename',
        (options: { name: string; json?: boolean }, id = '') => ({ id, name: options.name }),
        (renamed: { id: string; name: string }) => `Renamed ${renamed.id} to ${JSON.stringify(renamed.name)}.`,
      ),
    );
  token
    .command('revoke')
    .description('Revoke (delete) a token by id; the next request with it fails.')
    .argument('<id>', 'token id (global ID from `token list`, or the raw UUID)')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'token.revoke',
        (_options: { json?: boolean }, id = '') => ({ id }),
        (revoked) => `Revoked "${revoked.name}".`,
      ),
    );

  program
    .command('purge-revoked')
    .description(
      'Delete revoked-token records older than REVOKED_RETENTION_DAYS (a running server also does it hourly).',
    )
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'purge-revoked',
        () => ({}),
        (result: { purged: number; retentionDays: number }) =>
          `Purged ${result.purged} revoked-token record(s) older than ${result.retentionDays} day(s).`,
      ),
    );

  const webhook = program
    .command('webhook')
    .description("Manage a workspace's webhook endpoints (Standard Webhooks) and see their deliveries.");
  const endpointLine = (e: {
    id: string;
    url: string;
    enabled: boolean;
    events: string[];
    disabledReason: string | null;
  }) =>
    `${e.id}  ${e.url}  ${e.enabled ? 'enabled' : `DISABLED (${e.disabledReason ?? 'by an admin'})`}  ${e.events.join(',')}`;
  webhook
    .command('create')
    .description('Register an endpoint and print its signing secret (shown once).')
    .requiredOption('--workspace <workspace>', 'workspace id or name')
    .requiredOption('--url <url>', 'http(s) URL of the receiver')
    .requiredOption('--events <events>', `comma-separated event types, or "all" (${EVENT_TYPES.join(', ')})`)
    .option('--description <text>', 'what it is for')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.create',
        (options: { workspace: string; url: string; events: string; description?: string; json?: boolean }) => ({
          workspace: options.workspace,
          url: options.url,
          events: options.events,
          description: options.description,
        }),
        (created) =>
          [
            `Created webhook endpoint ${created.id} for ${created.url}.`,
            'Signing secret (shown once, store it now; verify every delivery with it):',
            `  ${created.secret}`,
          ].join('\n'),
      ),
    );
  webhook
    .command('list')
    .description("List a workspace's endpoints (never their secrets).")
    .requiredOption('--workspace <workspace>', 'workspace id or name')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.list',
        (options: { workspace: string; json?: boolean }) => ({ workspace: options.workspace }),
        (listed: Parameters<typeof endpointLine>[0][]) =>
          listed.length === 0 ? 'No webhook endpoints.' : listed.map(endpointLine).join('\n'),
      ),
    );
  webhook
    .command('update')
    .description('Change an endpoint, or re-enable (--enable) or disable (--disable) it.')
    .argument('<id>', 'endpoint id (global ID or UUID)')
    .option('--url <url>', 'new URL')
    .option('--events <events>', 'new comma-separated event types, or "all"')
    .option('--description <text>', 'new description')
    .option('--enable', 're-enable a disabled endpoint')
    .option('--disable', 'disable it (its pending deliveries fail)')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.update',
        (
          options: {
            url?: string;
            events?: string;
            description?: string;
            enable?: boolean;
            disable?: boolean;
            json?: boolean;
          },
          id = '',
        ) => ({
          id,
          url: options.url,
          events: options.events,
          description: options.description,
          enabled: options.enable ? true : options.disable ? false : undefined,
        }),
        (updated) => `Updated ${endpointLine(updated)}`,
      ),
    );
  webhook
    .command('delete')
    .description('Delete an endpoint and its deliveries.')
    .argument('<id>', 'endpoint id (global ID or UUID)')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.delete',
        (_options: { json?: boolean }, id = '') => ({ id }),
        (deleted) => `Deleted webhook endpoint ${deleted.url}.`,
      ),
    );
  webhook
    .command('test')
    .description('Send a webhook.test event to one endpoint (a running server delivers it).')
    .argument('<id>', 'endpoint id (global ID or UUID)')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.test',
        (_options: { json?: boolean }, id = '') => ({ id }),
        (delivery) => `Queued test event ${delivery.webhookId} (delivery ${delivery.id}).`,
      ),
    );
  webhook
    .command('deliveries')
    .description("An endpoint's latest deliveries, newest first, with their status codes.")
    .argument('<id>', 'endpoint id (global ID or UUID)')
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.deliveries',
        (_options: { json?: boolean }, id = '') => ({ id }),
        (
          rows: {
            id: string;
            webhookId: string;
            eventType: string;
            status: string;
            attempts: number;
            lastStatusCode: number | null;
            lastError: string | null;
          }[],
        ) =>
          rows.length === 0
            ? 'No deliveries yet.'
            : rows
                .map(
                  (d) =>
                    `${d.id}  ${d.webhookId}  ${d.eventType}  ${d.status}  attempts=${d.attempts}  status=${d.lastStatusCode ?? '-'}${d.lastError ? `  ${d.lastError}` : ''}`,
                )
                .join('\n'),
      ),
    );
  webhook
    .command('seal-secrets')
    .description(
      'Encrypt every stored signing secret with the first WEBHOOK_SECRET_KEY (plaintext ones, and those of older keys); run after adding or rotating a key.',
    )
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'webhook.seal-secrets',
        () => ({}),
        (result: { sealed: number; resealed: number; unreadable: string[] }) =>
          [
            `Sealed ${result.sealed} plaintext secret(s); resealed ${result.resealed} under the current key.`,
            ...(result.unreadable.length > 0
              ? [
                  `Left as they are, no listed key opens them: ${result.unreadable.join(', ')}. Add their key back to WEBHOOK_SECRET_KEY and run this again.`,
                ]
              : []),
          ].join('\n'),
      ),
    );

  program
    .command('sweep-inactive')
    .description(
      "Revoke every token unused for its workspace's inactivityRevokeDays now (a running server also does it every INACTIVITY_SWEEP_INTERVAL_SECONDS).",
    )
    .option('--json', 'print machine-readable output')
    .action(
      data(
        'sweep-inactive',
        () => ({}),
        (result: { skipped: boolean; revoked: number }) =>
          result.skipped
            ? 'Another instance is sweeping right now; nothing done.'
            : `Revoked ${result.revoked} token(s) unused past their workspace's inactivity limit.`,
      ),
    );

  program
    .command('secret-scanning')
    .description(
      'Print what to register with a secret-scanning program (token pattern, endpoint) and how this server receives its reports.',
    )
    .option('--json', 'print machine-readable output')
    .action((options: { json?: boolean }) => {
      const info = registration(loadConfig(env));
      out(`${options.json ? JSON.stringify(info, null, 2) : describeRegistration(info)}\n`);
    });

  return program;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns its
 * exit code: 0 success, 1 a known error (bad input, configuration, busy data
 * directory or port), 2 anything unexpected. `serve` returns once the server is up.
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const program = buildProgram(
    env,
    (text) => stdout.write(text),
    (text) => stderr.write(text),
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has printed help or the usage error already.
    if (error instanceof CommanderError) return error.exitCode;
    const known = KNOWN_ERRORS.some((type) => error instanceof type);
    const message = error instanceof Error ? error.message : String(error);
    if (argv.includes('--json')) {
      stdout.write(`${JSON.stringify({ error: { type: error instanceof Error ? error.name : 'Error', message } })}\n`);
    } else {
      stderr.write(`error: ${message}\n`);
      if (!known && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    }
    return known ? 1 : 2;
  }
}

/** Runs as a program (the compiled server/dist/cli.js); server/bin/api-tokens.js calls runCli itself. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // A failed start must end the process even if something it opened still holds the event loop.
  if (code !== 0) setTimeout(() => process.exit(code), 1_000).unref();
}

function isEntryPoint(): boolean {
  try {
    return (
      process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
