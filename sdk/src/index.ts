// Public surface: the client, its errors, the offline token check, and the
// generated typed documents and types (for urql hooks or any GraphQL client).
export {
  createClient,
  type ApiToken,
  type ApiTokensClient,
  type AuditEvent,
  type AuditEventsArgs,
  type ClientOptions,
  type CreateApiTokenArgs,
  type CreateApiTokenResult,
  type CreateApiTokenSuccess,
  type ListApiTokensArgs,
  type Page,
  type PageInfo,
  type RevokeApiTokenResult,
  type Viewer,
} from './client.js';
export {
  ApiTokensError,
  ForbiddenError,
  GraphQLRequestError,
  InvalidTokenError,
  isApiTokensError,
  NetworkError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
  type ApiTokensErrorKind,
} from './errors.js';
export { checkToken, DEFAULT_TOKEN_PREFIX, type TokenCheck, type TokenProblem } from './token.js';
export * from './generated/graphql.js';
