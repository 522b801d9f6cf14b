// The SDK as a user gets it: `pnpm pack`, install the tarball into a fresh
// project from the registry, type-check a strict consumer (and a misusing one,
// which must fail), then run the consumer against a live server.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithToken } from '../../test/support/server.js';
import { useLiveServer } from './support/setup.js';

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const consumerDir = fileURLToPath(new URL('./consumer/', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const live = useLiveServer();
let project: string;
let tarball: string;
let usage: { code: number; output: string };
let misuse: { code: number; output: string };

// Async child processes only: the server under test runs in this process.
async function typecheck(file: string): Promise<{ code: number; output: string }> {
  const config = { extends: './tsconfig.json', files: [file] };
  writeFileSync(path.join(project, `tsconfig.${file}.json`), JSON.stringify(config));
  try {
    const { stdout } = await run(process.execPath, [tsc, '-p', `tsconfig.${file}.json`], { cwd: project });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

beforeAll(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), 'sdk-consumer-'));
  await run('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', project], { cwd: sdkDir });
  tarball = path.join(project, readdirSync(project).find((name) => name.endsWith('.tgz'))!);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  for (const file of ['usage.ts', 'misuse.ts', 'tsconfig.json']) copyFileSync(path.join(consumerDir, file), path.join(project, file));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: project });
  // Both compilations at once: each spends seconds reading urql's and graphql's types.
  [usage, misuse] = await Promise.all([typecheck('usage.ts'), typecheck('misuse.ts')]);
}, 120_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed SDK', () => {
  it('ships only the build, types, README and the trusted-documents manifest', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').sort();
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/generated/graphql.d.ts');
    expect(files).toContain('package/README.md');
    expect(files.filter((file) => !/^package\/(dist\/.*\.(js|d\.ts)|README\.md|package\.json|trusted-documents\.json)$/.test(file))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules/@api-tokens/sdk/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', sideEffects: false, types: './dist/index.d.ts' });
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('@api-tokens/server');
  });

  it('type-checks a strict consumer without Node types', () => {
    expect(usage.output).toBe('');
    expect(usage.code).toBe(0);
  });

  it('rejects every misuse at compile time', () => {
    expect(misuse.code).not.toBe(0);
    const marked = readFileSync(path.join(project, 'misuse.ts'), 'utf8')
      .split('\n')
      .flatMap((line, index) => (line.includes('// MISUSE') ? [index + 1] : []));
    const failing = [...new Set([...misuse.output.matchAll(/misuse\.ts\((\d+),\d+\): error/g)].map((match) => Number(match[1])))];
    expect(failing.sort((a, b) => a - b)).toEqual(marked);
  });

  // Runs the JavaScript that the strict type-check emitted into out/.
  it('runs against a live server', async () => {
    const fixture = await createUserWithToken(live.server);
    const { stdout } = await run(process.execPath, ['out/usage.js'], {
      cwd: project,
      env: { ...process.env, SDK_URL: live.endpoint, SDK_TOKEN: fixture.token },
    });
    expect(JSON.parse(stdout)).toEqual({
      email: fixture.email,
      result: 'created from the tarball',
      names: ['from the tarball', 'fixture token'],
      revoked: 'RevokeApiTokenSuccess',
      afterRevoke: 'UNAUTHENTICATED',
      refused: 'length',
    });
  });
});
