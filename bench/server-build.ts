// Whether server/dist (what production runs: `node server/dist/cli.js`) is the
// current source, and the build that makes it so. The benchmark runs the compiled
// server; tests that start server processes use it when it is current (a start
// through tsx costs ~1 s more CPU) and the TypeScript entry point otherwise.
import { execFileSync } from 'node:child_process';
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../server', import.meta.url));

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The compiled entry point, `node <it> serve` as production runs it. */
export const SERVER_DIST_CLI = path.join(SERVER_DIR, 'dist', 'cli.js');

/** Everything `npm run build` in server/ reads. */
const BUILD_INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', '../tsconfig.base.json'];

function newestMtime(entry: string): number {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** True when server/dist was built after the last change to any build input (tsc writes every output after reading every input; the build empties dist/ first). */
export function serverDistIsCurrent(): boolean {
  const built = statSync(SERVER_DIST_CLI, { throwIfNoEntry: false });
  if (!built) return false;
  return Math.max(...BUILD_INPUTS.map((input) => newestMtime(path.join(SERVER_DIR, input)))) <= built.mtimeMs;
}

/**
 * Compiles the server as `npm run build` in server/ does, unless server/dist is
 * current (tsc costs ~9 s of CPU). Into a directory of its own, renamed to dist
 * once complete: tests running meanwhile see no dist (and start the TypeScript
 * entry point) rather than half of one.
 */
export function buildServer(): 'built' | 'up to date' {
  if (serverDistIsCurrent()) return 'up to date';
  const building = path.join(SERVER_DIR, `dist.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--outDir', building], {
      cwd: SERVER_DIR,
      stdio: 'pipe',
    });
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`building the server failed:\n${output.stdout ?? ''}${output.stderr ?? ''}`);
  }
  rmSync(path.join(SERVER_DIR, 'dist'), { recursive: true, force: true });
  renameSync(building, path.join(SERVER_DIR, 'dist'));
  return 'built';
}
