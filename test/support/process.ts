// For tests that run the server or CLI as a child process, exactly as operators do.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { SERVER_DIST_CLI, serverDistIsCurrent } from '../../bench/server-build.js';
import { createExternalDatabase, type ExternalDatabase } from './database.js';

/** The installed entry point (`server/bin/api-tokens.js`, the TypeScript source through tsx). */
export const CLI_BIN = path.resolve('server/bin/api-tokens.js');

/**
 * What `spawnServer` and `runProgram` start: the compiled server as production
 * runs it (`node server/dist/cli.js`) when server/dist is current, as after `npm
 * run build` (CI builds first), else the installed entry point. Both run the same
 * source; the compiled one starts with ~1 s less CPU. cli.test.ts keeps one
 * smoke test of CLI_BIN itself.
 */
function programEntry(): string {
  return serverDistIsCurrent() ? SERVER_DIST_CLI : CLI_BIN;
}

/**
 * Node flags for the server and CLI processes started by `spawnServer` and
 * `runProgram`: WebAssembly (PGlite's Postgres, Prisma's query compiler) compiled by
 * V8's baseline compiler only. Such a process lives seconds, and optimizing the
 * code it ran costs it more CPU than the optimized code saves: a start on PGlite
 * and a SIGTERM ~6.2 s of CPU by default, ~4.4 s with this. What the code does is
 * the same under either compiler.
 */
const NODE_FLAGS = ['--liftoff-only'];

/** tsx's loader, for running a TypeScript helper (test/support/*.ts) as its own process. */
const TSX_LOADER = pathToFileURL(createRequire(path.resolve('server/package.json')).resolve('tsx')).href;

/**
 * Starts `node <script> ...args` (through tsx unless `tsx: false`, for a script that
 * imports only JavaScript) with its stdout collected; `lines()` parses what it printed as JSON lines.
 */
export function spawnTs(
  script: string,
  args: string[],
  { tsx = true }: { tsx?: boolean } = {},
): { child: ChildProcess; exited: Promise<number | null>; lines: () => unknown[] } {
  const loader = tsx ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...loader, path.resolve(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    lines: () =>
      output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown),
  };
}

/** Declares hooks giving the test file one database a child process can open; valid inside tests. */
export function useExternalDatabase(): Omit<ExternalDatabase, 'drop'> {
  let external: ExternalDatabase | undefined;
  beforeAll(async () => {
    external = await createExternalDatabase();
  });
  afterAll(async () => {
    await external?.drop();
  });
  return {
    get env() {
      return external!.env;
    },
    withDb: (fn) => external!.withDb(fn),
  };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `api-tokens serve` as its own process (PORT=0, see programEntry) and resolves once it has printed its URL and banner. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, programEntry(), 'serve'], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (and using CPU) after the test gave up on it.
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, 60_000);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      // The banner (URLs, demo token) is one write after the log line; wait for its blank last line.
      const banner = output.indexOf('GraphQL API:');
      if (match && banner >= 0 && output.indexOf('\n\n', banner) >= 0) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`server exited:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}

export interface ProgramRun {
  code: number | null;
  output: string;
  /** When it exited (epoch milliseconds, like the `time` of its log lines). */
  exitedAt: number;
}

/** Runs `api-tokens <args>` as its own process to the end. */
export async function runProgram(args: string[], env: Record<string, string>): Promise<ProgramRun> {
  const child = spawn(process.execPath, [...NODE_FLAGS, programEntry(), ...args], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, output, exitedAt: Date.now() };
}
