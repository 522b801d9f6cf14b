// The operator CLI run in this process (runCli), its output captured: what an
// operator would see, without a subprocess per command.
import { runCli } from '../../server/src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `api-tokens <args>` with the test environment plus `env` (DATA_DIR or DATABASE_URL). */
export async function runCliCaptured(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const full: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  const code = await runCli(args, {
    env: full,
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** Runs a data command with --json and returns its parsed result; fails the test on a non-zero exit. */
export async function runCliJson<T = any>(args: string[], env: Record<string, string>): Promise<T> {
  const result = await runCliCaptured([...args, '--json'], env);
  if (result.code !== 0)
    throw new Error(`api-tokens ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as T;
}
