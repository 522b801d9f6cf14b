// Public surface: the client, its errors, the offline token check, the
// trusted-documents exchange, and the generated typed documents and types (for
// urql hooks or any GraphQL client).
export {
  createClient,
  SDK_USER_AGENT,
  type ApiToken,
  type ApiTokensClient,
  type AuditEvent,
  type AuditEventsArgs,
  type CallOptions,
  type CanaryTrip,
  type CanaryTrips,
  type ClientOptions,
  type CreateApiTokenArgs,
  type CreateApiTokenResult,
  type CreateApiTokenSuccess,
  type CreateWebhookEndpointResult,
  type DeleteWebhookEndpointResult,
  type ListApiTokensArgs,
  type ListAuditEventsArgs,
  type ListRevokedApiTokensArgs,
  type ListWorkspaceApiTokensArgs,
  type Logger,
  type Page,
  type PageInfo,
  type PagingOptions,
  type RequestArguments,
  type RequestEvent,
  type ResponseEvent,
  type RenameApiTokenResult,
  type RevokeApiTokenResult,
  type RevokedApiToken,
  type RotateApiTokenArgs,
  type RotateApiTokenResult,
  type RotateApiTokenSuccess,
  type SendTestWebhookEventResult,
  type UpdateWebhookEndpointResult,
  type WebhookDelivery,
  type WebhookEndpoint,
  type UpdateWorkspaceTokenPolicyResult,
  type Viewer,
  type WorkspaceApiToken,
} from './client.js';
export {
  AbortedError,
  ApiTokensError,
  ForbiddenError,
  GraphQLRequestError,
  InvalidTokenError,
  isApiTokensError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthenticatedError,
  type ApiTokensErrorKind,
} from './errors.js';
export { EXPIRY_WARNING_MS, type TokenExpiringEvent } from './expiry.js';
export type { RetryOptions, RetrySetting } from './retry.js';
export { checkToken, DEFAULT_TOKEN_PREFIX, type TokenCheck, type TokenProblem } from './token.js';
export { documentHash, trustedDocumentsExchange, type TrustedDocumentsMode } from './trusted-documents.js';
export { SDK_VERSION } from './version.js';
export * from './generated/graphql.js';
