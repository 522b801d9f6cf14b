// Sending GraphQL over real HTTP, as a client would. Operations meant to be valid
// are TypedDocumentNodes written with graphql(`…`) (test/generated, `pnpm
// generate`): their variables and results are typed and checked against the
// schema at generation time. Deliberately invalid documents (limits, bad
// arguments, unknown fields) go through `rawGraphQL`, which takes any text.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { expect } from 'vitest';

export interface GraphQLErrorBody {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One HTTP answer: status and headers for HTTP assertions, the parsed body, and its text (for "never contains" checks). */
export interface GraphQLResponse<TData> {
  status: number;
  headers: Headers;
  body: { data?: TData | null; errors?: GraphQLErrorBody[] };
  text: string;
}

/** Who is calling and how: a bearer token, and any other headers (cookie, CSRF, X-Forwarded-For...). */
export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
}

/** Variables are required exactly when the operation declares a required one. */
// biome-ignore-start lint/complexity/noBannedTypes: `{} extends V` asks "are all of V's fields optional?".
export type OperationOptions<TVariables> = RequestOptions &
  ({} extends TVariables ? { variables?: TVariables } : { variables: TVariables });

export type OperationArgs<TVariables> = {} extends TVariables
  ? [options?: OperationOptions<TVariables>]
  : [options: OperationOptions<TVariables>];
// biome-ignore-end lint/complexity/noBannedTypes: -

const printed = new WeakMap<DocumentNode, string>();
function textOf(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

async function post(
  url: string,
  query: string,
  variables: unknown,
  options: RequestOptions,
): Promise<GraphQLResponse<any>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: GraphQLResponse<unknown>['body'];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `POST ${url}/graphql answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`,
    );
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Runs a typed operation against the server at `url` (a base URL, without /graphql). */
export function executeOperation<TData, TVariables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  ...[options]: OperationArgs<TVariables>
): Promise<GraphQLResponse<TData>> {
  const { variables, ...request } = (options ?? {}) as RequestOptions & { variables?: unknown };
  return post(url, textOf(document), variables, request);
}

/** `execute` bound to one server (a child process, or a second instance), as TestServer has it. */
export function graphqlClient(url: string): {
  execute: <TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...options: OperationArgs<TVariables>
  ) => Promise<GraphQLResponse<TData>>;
} {
  return { execute: (document, ...options) => executeOperation(url, document, ...options) };
}

/**
 * Sends any text as a GraphQL document, untyped: only for tests that send what a
 * valid client would not (invalid documents, limits, wrong argument types).
 */
export function rawGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<any>> {
  return post(url, query, variables, options);
}

/** The data of a successful answer (HTTP 200, no errors); fails the test with the whole response otherwise. */
export function expectData<TData>(response: GraphQLResponse<TData>): TData {
  expect(response.status, response.text).toBe(200);
  expect(response.body.errors, response.text).toBeUndefined();
  expect(response.body.data, response.text).toBeTruthy();
  return response.body.data!;
}

/** The first error's code (`extensions.code`), if any. */
export const errorCode = (response: GraphQLResponse<unknown>): unknown => response.body.errors?.[0]?.extensions?.code;

/** Asserts a union result's `__typename` and narrows its type to that member. */
export function expectTypename<T extends { readonly __typename?: string }, N extends NonNullable<T['__typename']>>(
  value: T | null | undefined,
  typename: N,
): asserts value is Extract<T, { readonly __typename?: N }> {
  expect(value?.__typename, JSON.stringify(value)).toBe(typename);
}

/** Relay's global id: base64 of `Type:id`. */
export const globalId = (type: string, id: string): string => Buffer.from(`${type}:${id}`).toString('base64');
