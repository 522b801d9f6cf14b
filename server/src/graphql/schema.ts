// Assembles the schema: importing each type file registers its types and fields.
import { builder } from './builder.js';
import './types/scalars.js';
import './types/errors.js';
import './types/api-token-scope.js';
import './types/user.js';
import './types/api-token.js';
import './types/api-token-lifecycle.js';
import './types/api-token-rotation.js';
import './types/canary.js';
import './types/revoked-api-token.js';
import './types/token-policy.js';
import './types/workspace-tokens.js';
import './types/audit-event.js';
import './types/webhook.js';
import './types/node.js';

export const schema = builder.toSchema({ sortSchema: true });
