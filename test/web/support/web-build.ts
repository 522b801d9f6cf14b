// Builds web/ (Vite) into web/dist when the build is missing or older than its
// sources, so `npx vitest run test/web` works from a fresh checkout.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const webDir = path.join(root, 'web');

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

export function ensureWebBuilt(): string {
  const index = path.join(webDir, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(webDir, p));
  sources.push(path.join(root, 'sdk', 'src'));
  const newest = Math.max(...sources.map(newestMtime));
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return index;
  execFileSync(
    process.execPath,
    [path.join(webDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: webDir,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
  return index;
}
