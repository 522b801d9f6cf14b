// What an operator sends a secret-scanning program to register this deployment's
// tokens (GitHub's partner program asks for a name, a regular expression and the
// endpoint), and how this server is set up to receive its reports. Printed by
// `api-tokens secret-scanning`; nothing secret in it.
import type { Config } from '../config.js';
import { tokenPattern } from '../tokens/format.js';

export interface Registration {
  /** A name for the secret type (the program sends it back as `type`). */
  tokenType: string;
  /** The regular expression that finds tokens of this deployment. */
  pattern: string;
  /** Where the program POSTs its reports. */
  endpoint: string;
  /** Identifiers of the public keys reports may be signed with (SECRET_SCANNING_PUBLIC_KEYS). */
  keyIds: string[];
  /** Whether unsigned reports are accepted (tests only). */
  allowUnsigned: boolean;
  /** Whether the endpoint answers at all (a key configured, or unsigned reports allowed). */
  enabled: boolean;
}

export function registration(config: Pick<Config, 'tokenPrefix' | 'publicUrl' | 'secretScanning'>): Registration {
  const keyIds = config.secretScanning.publicKeys.map((key) => key.id);
  return {
    tokenType: `${config.tokenPrefix}_api_token`,
    pattern: tokenPattern(config.tokenPrefix),
    endpoint: `${config.publicUrl}/secret-scanning`,
    keyIds,
    allowUnsigned: config.secretScanning.allowUnsigned,
    enabled: keyIds.length > 0 || config.secretScanning.allowUnsigned,
  };
}

export function describeRegistration(info: Registration): string {
  return [
    'Register these with the secret-scanning program (GitHub: secret-scanning@github.com):',
    `  secret type         ${info.tokenType}`,
    `  regular expression  ${info.pattern}`,
    `  endpoint            ${info.endpoint}  (POST; PUBLIC_URL must be reachable from the program)`,
    '',
    'This server:',
    info.keyIds.length > 0
      ? `  public keys         ${info.keyIds.join(', ')}`
      : '  public keys         none — set SECRET_SCANNING_PUBLIC_KEYS="$(curl -s https://api.github.com/meta/public_keys/secret_scanning)"',
    `  unsigned reports    ${info.allowUnsigned ? 'ACCEPTED (SECRET_SCANNING_ALLOW_UNSIGNED; tests only)' : 'refused'}`,
    `  endpoint status     ${info.enabled ? 'receiving reports' : 'off (404) until a key is configured'}`,
  ].join('\n');
}
