// The SDK as a user gets it: `pnpm pack` into a temporary directory, install the
// tarball into a fresh project (with react and urql from the registry), generate
// an operation of the project's own with the README's codegen recipe, type-check
// a strict ESM consumer, a CommonJS one, a React/urql one and a misusing one
// (which must fail), then run the ESM and CommonJS consumers against a live server.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithToken } from '../../test/support/server.js';
import { useLiveServer } from './support/setup.js';

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = fileURLToPath(new URL('../..', import.meta.url));
const consumerDir = fileURLToPath(new URL('./consumer/', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const codegen = fileURLToPath(new URL('../../node_modules/.bin/graphql-codegen', import.meta.url));
const { version } = JSON.parse(readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as { version: string };
// The pnpm the project pins (`npx -y pnpm@12.4.2`, package.json's packageManager).
const { packageManager } = JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8')) as {
  packageManager: string;
};
const readme = readFileSync(path.join(sdkDir, 'README.md'), 'utf8');
const live = useLiveServer();
let project: string;
let tarball: string;
let tarballsLeft: string;
const CONSUMERS = ['usage.ts', 'misuse.ts', 'commonjs.cts', 'react.tsx'];
/** tsc's exit code and its error lines ("file(line,col): error TS…"), from one program holding every consumer. */
let compiled: { code: number; errors: string[] };
/** The error lines tsc reported in `file` (a consumer, or any other file such as the SDK's own .d.ts). */
const errorsIn = (file: string) => compiled.errors.filter((line) => line.startsWith(`${file}(`));

/**
 * `npx -y <packageManager>` without npx: the pnpm that npx installed in its cache
 * (npm's cache/_npx/<hash>/node_modules/.bin/pnpm, the file npx runs), once it has.
 * npx itself costs ~1.7 s of CPU to find it there.
 */
function pnpm(): [string, string[]] {
  const npxCache = path.join(process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'), '_npx');
  const wanted = packageManager.slice(packageManager.lastIndexOf('@') + 1);
  for (const dir of existsSync(npxCache) ? readdirSync(npxCache) : []) {
    const modules = path.join(npxCache, dir, 'node_modules');
    try {
      const installed = JSON.parse(readFileSync(path.join(modules, 'pnpm/package.json'), 'utf8')) as {
        version: string;
      };
      if (installed.version === wanted && existsSync(path.join(modules, '.bin/pnpm')))
        return [path.join(modules, '.bin/pnpm'), []];
    } catch {
      // Another package's directory, or an unfinished install.
    }
  }
  return ['npx', ['-y', packageManager]];
}

/** Tarballs in the working tree that git does not track, ignored or not. */
const strayTarballs = async () =>
  (await run('git', ['ls-files', '--others', '--', '*.tgz'], { cwd: repoDir })).stdout.trim();

// Async child processes only: the server under test runs in this process.
// One program for every consumer: most of tsc's time goes into checking the
// libraries' declarations (skipLibCheck is off), once instead of once per file.
// Each file keeps its own module format (.ts ESM, .cts CommonJS under NodeNext)
// and tsc names the file of every error; the consumer project has no Node types
// at all (checked below), so the strict consumer is still checked without them.
// skipDefaultLibCheck: TypeScript's own lib.*.d.ts (ES2022, DOM), which come with
// the compiler and check clean, are not checked again (~2.5 s of CPU); the SDK's
// declarations and those of every package installed still are.
async function typecheckConsumers(): Promise<{ code: number; errors: string[] }> {
  const config = { extends: './tsconfig.json', files: CONSUMERS, compilerOptions: { skipDefaultLibCheck: true } };
  writeFileSync(path.join(project, 'tsconfig.consumers.json'), JSON.stringify(config));
  let code = 0;
  let output: string;
  try {
    output = (await run(process.execPath, [tsc, '-p', 'tsconfig.consumers.json'], { cwd: project })).stdout;
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    code = failed.code;
    output = failed.stdout;
  }
  return { code, errors: output.split('\n').filter((line) => /^\S.*: error TS\d+/.test(line)) };
}

beforeAll(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), 'sdk-consumer-'));
  const [command, args] = pnpm();
  await run(command, [...args, 'pack', '--pack-destination', project], { cwd: sdkDir });
  tarballsLeft = await strayTarballs();
  tarball = path.join(project, readdirSync(project).find((name) => name.endsWith('.tgz'))!);
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  cpSync(consumerDir, project, { recursive: true });
  // graphql comes as the SDK's peer dependency.
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      tarball,
      'react@^19',
      'urql@^5',
      '@types/react@^19',
    ],
    {
      cwd: project,
    },
  );
  // The integrator's own operation (src/token-names.graphql), typed by the README's recipe.
  await run(codegen, ['--config', 'codegen.ts'], { cwd: project });
  compiled = await typecheckConsumers();
}, 180_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed SDK', () => {
  it('ships ESM and CommonJS builds with types, the manifest, the schema, README, CHANGELOG and LICENSE', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').sort();
    for (const file of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/generated/graphql.d.ts',
    ]) {
      expect(files).toContain(`package/${file}`);
    }
    const allowed =
      /^package\/(dist\/(cjs\/)?[\w/-]+\.(js|d\.ts)|dist\/cjs\/package\.json|dist\/persisted-documents\.json|dist\/schema\.graphql|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    const installed = path.join(project, 'node_modules/@api-tokens/sdk');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', sideEffects: false, license: 'MIT', version });
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('@api-tokens/server');
    expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(readFileSync(path.join(installed, 'CHANGELOG.md'), 'utf8')).toContain(`## ${version}`);
    // The shipped manifest is the one the server is pointed at.
    expect(readFileSync(path.join(installed, 'dist/persisted-documents.json'), 'utf8')).toBe(
      readFileSync(path.join(sdkDir, 'src/generated/persisted-documents.json'), 'utf8'),
    );
  });

  it('leaves no tarball in the repository', () => {
    expect(tarballsLeft).toBe('');
  });

  it('resolves to the ESM build for import and the CommonJS build for require', async () => {
    const { stdout: required } = await run(process.execPath, ['-p', "require.resolve('@api-tokens/sdk')"], {
      cwd: project,
    });
    expect(required.trim()).toMatch(/dist\/cjs\/index\.js$/);
    const { stdout: imported } = await run(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('@api-tokens/sdk'))"],
      {
        cwd: project,
      },
    );
    expect(imported.trim()).toMatch(/dist\/index\.js$/);
  });

  it('type-checks a strict ESM consumer without Node types, using every method', () => {
    expect(existsSync(path.join(project, 'node_modules/@types/node'))).toBe(false);
    expect(errorsIn('usage.ts')).toEqual([]);
    // Nor anywhere but in the misuses: the SDK's declarations and its dependencies' check clean.
    expect(compiled.errors.filter((line) => !line.startsWith('misuse.ts('))).toEqual([]);
  });

  it('type-checks a CommonJS consumer', () => {
    expect(errorsIn('commonjs.cts')).toEqual([]);
  });

  it("type-checks the README's React/urql example against react and urql from the registry", () => {
    expect(errorsIn('react.tsx')).toEqual([]);
  });

  it('rejects every misuse at compile time', () => {
    expect(compiled.code).not.toBe(0);
    const marked = readFileSync(path.join(project, 'misuse.ts'), 'utf8')
      .split('\n')
      .flatMap((line, index) => (line.includes('// MISUSE') ? [index + 1] : []));
    const failing = [...new Set(errorsIn('misuse.ts').map((line) => Number(/^misuse\.ts\((\d+),/.exec(line)![1])))];
    expect(failing.sort((a, b) => a - b)).toEqual(marked);
  });

  it('the README shows the React example and the codegen recipe exactly as they are tested', () => {
    for (const file of ['react.tsx', 'codegen.ts'])
      expect(readme).toContain(readFileSync(path.join(consumerDir, file), 'utf8'));
  });

  // Runs the JavaScript that the strict type-check emitted into out/.
  it('runs every method against a live server; the audit log shows the user agent', async () => {
    const fixture = await createUserWithToken(live.server, { auditLogs: true });
    const { stdout } = await run(process.execPath, ['out/usage.js'], {
      cwd: project,
      env: { ...process.env, SDK_URL: live.endpoint, SDK_TOKEN: fixture.token },
    });
    expect(JSON.parse(stdout)).toEqual({
      email: fixture.email,
      result: 'created from the tarball',
      found: 'from the tarball',
      firstPage: ['from the tarball'],
      pages: [['from the tarball'], ['fixture token']],
      names: ['from the tarball', 'fixture token'],
      own: ['from the tarball'],
      revoked: 'RevokeApiTokenSuccess',
      gone: null,
      afterRevoke: 'UNAUTHENTICATED',
      logCount: 3,
      events: ['API_TOKEN_REVOKED', 'API_TOKEN_CREATED', 'API_TOKEN_CREATED'],
      auditPages: 2,
      userAgent: `pack-test/1.0 @api-tokens/sdk/${version}`,
      sdkUserAgent: `@api-tokens/sdk/${version}`,
      statuses: [200],
      refused: 'length',
      offline: true,
    });
  });

  it('runs the CommonJS consumer against a live server', async () => {
    const fixture = await createUserWithToken(live.server);
    const { stdout } = await run(process.execPath, ['out/commonjs.cjs'], {
      cwd: project,
      env: { ...process.env, SDK_URL: live.endpoint, SDK_TOKEN: fixture.token },
    });
    expect(JSON.parse(stdout)).toEqual({
      email: fixture.email,
      names: ['fixture token'],
      userAgent: `@api-tokens/sdk/${version}`,
    });
  });
});
