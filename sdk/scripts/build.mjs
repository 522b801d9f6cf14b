// Builds what the package ships: dist/ (ESM) and dist/cjs/ (CommonJS), each with
// its .d.ts; the version from package.json written into version.js (the one
// place it is kept); the trusted-documents manifest and the schema beside them.
//
// One type-checked program (tsconfig.build.json) emits the ESM build and the
// declarations. The CommonJS JavaScript is each source transpiled on its own with
// tsconfig.cjs.json's options: `isolatedModules` (tsconfig.base.json) guarantees a
// file needs no other to be compiled, so this is byte for byte what a second
// program would emit, for about half the CPU (parsing DOM's and the dependencies'
// declarations again was most of the second program's time). The declarations do
// not depend on the module format: dist/cjs gets the same files.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = fileURLToPath(new URL('..', import.meta.url));
const at = (file) => path.join(sdk, file);
const ts = createRequire(import.meta.url)('typescript');
const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8'));

/** tsconfig.json's options and files, as `tsc -p` reads them. */
function readConfig(file) {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]),
  };
  return ts.getParsedCommandLineOfConfigFile(at(file), undefined, host);
}

function fail(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => sdk, getNewLine: () => '\n' };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}

/** Relative paths of every file under `dir`. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, base) : [path.relative(base, full)];
  });
}

rmSync(at('dist'), { recursive: true, force: true });

const esm = readConfig('tsconfig.build.json');
const program = ts.createProgram({
  rootNames: esm.fileNames,
  options: esm.options,
  projectReferences: esm.projectReferences,
});
const diagnostics = [...esm.errors, ...ts.getPreEmitDiagnostics(program)];
if (diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
if (diagnostics.length > 0) fail(diagnostics);

const cjs = readConfig('tsconfig.cjs.json');
if (cjs.errors.length > 0) fail(cjs.errors);
for (const file of cjs.fileNames) {
  const relative = path.relative(cjs.options.rootDir, file);
  const { outputText, diagnostics: errors = [] } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: cjs.options,
    fileName: file,
    reportDiagnostics: true,
  });
  if (errors.length > 0) fail(errors);
  const js = path.join(cjs.options.outDir, relative.replace(/\.ts$/, '.js'));
  mkdirSync(path.dirname(js), { recursive: true });
  writeFileSync(js, outputText);
  const declaration = relative.replace(/\.ts$/, '.d.ts');
  copyFileSync(path.join(esm.options.outDir, declaration), path.join(cjs.options.outDir, declaration));
}
// Both builds hold the same files: anything the program emits besides one .js and
// one .d.ts per source (a JSON module, say) would be missing from dist/cjs.
const esmFiles = filesUnder(at('dist')).filter((file) => !file.startsWith(`cjs${path.sep}`));
const cjsFiles = filesUnder(at('dist/cjs'));
if (esmFiles.sort().join('\n') !== cjsFiles.sort().join('\n')) {
  console.error(`dist/ and dist/cjs/ differ:\n  ${esmFiles.join(' ')}\n  ${cjsFiles.join(' ')}`);
  process.exit(1);
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
