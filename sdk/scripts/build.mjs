// Builds what the package ships: dist/ (ESM) and dist/cjs/ (CommonJS), each with
// its .d.ts; the version from package.json written into version.js (the one
// place it is kept); the trusted-documents manifest and the schema beside them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const sdk = fileURLToPath(new URL('..', import.meta.url));
const at = (file) => `${sdk}${file}`;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8'));

rmSync(at('dist'), { recursive: true, force: true });
for (const config of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', at(config)], { stdio: 'inherit' });
}
// Inside dist/cjs, .js files are CommonJS whatever the package's "type" says.
writeFileSync(at('dist/cjs/package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);

const PLACEHOLDER = "'0.0.0-development'";
for (const file of ['dist/version.js', 'dist/cjs/version.js']) {
  const text = readFileSync(at(file), 'utf8');
  if (!text.includes(PLACEHOLDER)) throw new Error(`${file} has no version placeholder to replace`);
  writeFileSync(at(file), text.replace(PLACEHOLDER, JSON.stringify(version)));
}

copyFileSync(at('src/generated/persisted-documents.json'), at('dist/persisted-documents.json'));
copyFileSync(at('../schema/schema.graphql'), at('dist/schema.graphql'));
console.log(`Built @api-tokens/sdk ${version} (ESM and CommonJS) in dist/`);
