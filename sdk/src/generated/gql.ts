/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ApiTokens($first: Int, $after: String, $last: Int, $before: String) {\n  apiTokens(first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ApiTokenFields\n      }\n    }\n  }\n}\n\nmutation CreateApiToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) {\n    __typename\n    ... on CreateApiTokenSuccess {\n      token\n      httpHeader\n      curlExample\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nmutation RevokeApiToken($input: RevokeApiTokenInput!) {\n  revokeApiToken(input: $input) {\n    __typename\n    ... on RevokeApiTokenSuccess {\n      revokedApiTokenId\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nquery ApiToken($id: ID!) {\n  node(id: $id) {\n    ... on ApiToken {\n      ...ApiTokenFields\n    }\n  }\n}": typeof types.ApiTokensDocument,
    "query AuditEvents($first: Int, $after: String) {\n  auditEvents(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}": typeof types.AuditEventsDocument,
    "fragment ApiTokenFields on ApiToken {\n  id\n  name\n  hint\n  createdAt\n  lastUsedAt\n  expiresAt\n}\n\nfragment AuditEventFields on AuditEvent {\n  id\n  action\n  actorEmail\n  apiTokenId\n  apiTokenName\n  ip\n  userAgent\n  occurredAt\n}\n\nfragment PageInfoFields on PageInfo {\n  hasNextPage\n  hasPreviousPage\n  startCursor\n  endCursor\n}": typeof types.ApiTokenFieldsFragmentDoc,
    "query Viewer {\n  viewer {\n    id\n    email\n    name\n    role\n    createdAt\n    workspace {\n      id\n      name\n      plan\n      auditLogsEnabled\n    }\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "query ApiTokens($first: Int, $after: String, $last: Int, $before: String) {\n  apiTokens(first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ApiTokenFields\n      }\n    }\n  }\n}\n\nmutation CreateApiToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) {\n    __typename\n    ... on CreateApiTokenSuccess {\n      token\n      httpHeader\n      curlExample\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nmutation RevokeApiToken($input: RevokeApiTokenInput!) {\n  revokeApiToken(input: $input) {\n    __typename\n    ... on RevokeApiTokenSuccess {\n      revokedApiTokenId\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nquery ApiToken($id: ID!) {\n  node(id: $id) {\n    ... on ApiToken {\n      ...ApiTokenFields\n    }\n  }\n}": types.ApiTokensDocument,
    "query AuditEvents($first: Int, $after: String) {\n  auditEvents(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}": types.AuditEventsDocument,
    "fragment ApiTokenFields on ApiToken {\n  id\n  name\n  hint\n  createdAt\n  lastUsedAt\n  expiresAt\n}\n\nfragment AuditEventFields on AuditEvent {\n  id\n  action\n  actorEmail\n  apiTokenId\n  apiTokenName\n  ip\n  userAgent\n  occurredAt\n}\n\nfragment PageInfoFields on PageInfo {\n  hasNextPage\n  hasPreviousPage\n  startCursor\n  endCursor\n}": types.ApiTokenFieldsFragmentDoc,
    "query Viewer {\n  viewer {\n    id\n    email\n    name\n    role\n    createdAt\n    workspace {\n      id\n      name\n      plan\n      auditLogsEnabled\n    }\n  }\n}": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiTokens($first: Int, $after: String, $last: Int, $before: String) {\n  apiTokens(first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ApiTokenFields\n      }\n    }\n  }\n}\n\nmutation CreateApiToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) {\n    __typename\n    ... on CreateApiTokenSuccess {\n      token\n      httpHeader\n      curlExample\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nmutation RevokeApiToken($input: RevokeApiTokenInput!) {\n  revokeApiToken(input: $input) {\n    __typename\n    ... on RevokeApiTokenSuccess {\n      revokedApiTokenId\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nquery ApiToken($id: ID!) {\n  node(id: $id) {\n    ... on ApiToken {\n      ...ApiTokenFields\n    }\n  }\n}"): (typeof documents)["query ApiTokens($first: Int, $after: String, $last: Int, $before: String) {\n  apiTokens(first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...ApiTokenFields\n      }\n    }\n  }\n}\n\nmutation CreateApiToken($input: CreateApiTokenInput!) {\n  createApiToken(input: $input) {\n    __typename\n    ... on CreateApiTokenSuccess {\n      token\n      httpHeader\n      curlExample\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n    ... on ValidationError {\n      message\n      field\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nmutation RevokeApiToken($input: RevokeApiTokenInput!) {\n  revokeApiToken(input: $input) {\n    __typename\n    ... on RevokeApiTokenSuccess {\n      revokedApiTokenId\n    }\n    ... on NotFoundError {\n      message\n    }\n    ... on ForbiddenError {\n      message\n    }\n  }\n}\n\nquery ApiToken($id: ID!) {\n  node(id: $id) {\n    ... on ApiToken {\n      ...ApiTokenFields\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditEvents($first: Int, $after: String) {\n  auditEvents(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}"): (typeof documents)["query AuditEvents($first: Int, $after: String) {\n  auditEvents(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      ...PageInfoFields\n    }\n    edges {\n      cursor\n      node {\n        ...AuditEventFields\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiTokenFields on ApiToken {\n  id\n  name\n  hint\n  createdAt\n  lastUsedAt\n  expiresAt\n}\n\nfragment AuditEventFields on AuditEvent {\n  id\n  action\n  actorEmail\n  apiTokenId\n  apiTokenName\n  ip\n  userAgent\n  occurredAt\n}\n\nfragment PageInfoFields on PageInfo {\n  hasNextPage\n  hasPreviousPage\n  startCursor\n  endCursor\n}"): (typeof documents)["fragment ApiTokenFields on ApiToken {\n  id\n  name\n  hint\n  createdAt\n  lastUsedAt\n  expiresAt\n}\n\nfragment AuditEventFields on AuditEvent {\n  id\n  action\n  actorEmail\n  apiTokenId\n  apiTokenName\n  ip\n  userAgent\n  occurredAt\n}\n\nfragment PageInfoFields on PageInfo {\n  hasNextPage\n  hasPreviousPage\n  startCursor\n  endCursor\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    id\n    email\n    name\n    role\n    createdAt\n    workspace {\n      id\n      name\n      plan\n      auditLogsEnabled\n    }\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    id\n    email\n    name\n    role\n    createdAt\n    workspace {\n      id\n      name\n      plan\n      auditLogsEnabled\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;