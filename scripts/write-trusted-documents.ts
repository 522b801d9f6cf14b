// `pnpm generate:trusted-documents`: writes sdk/trusted-documents.json, the
// manifest of every operation the SDK ships. Point TRUSTED_DOCUMENTS at it to
// accept only those operations. (Reads the SDK's generated documents as data;
// the server never imports the SDK at run time.)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sdkDocuments from '../sdk/src/generated/graphql.js';
import { trustedDocumentsManifest } from '../server/src/hardening/trusted-documents.js';

const documents = Object.entries(sdkDocuments)
  .filter(([name]) => name.endsWith('Document'))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, document]) => document as unknown as Parameters<typeof trustedDocumentsManifest>[0][number]);
const manifest = trustedDocumentsManifest(documents);
const target = fileURLToPath(new URL('../sdk/trusted-documents.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Wrote ${Object.keys(manifest).length} trusted documents to ${target}`);
