// Webhook operations the webhook tests share, typed (test/generated), and the
// shortest way to an endpoint: registered through the API as a workspace admin.
import { graphql } from '../generated/gql.js';
import type { WebhookEventType } from '../generated/graphql.js';
import { expectData, expectTypename, type RequestOptions } from './graphql.js';
import type { TestServer } from './server.js';

export const CREATE_WEBHOOK = graphql(`
  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on CreateWebhookEndpointSuccess {
        secret
        webhookEndpoint {
          id
          url
          events
          enabled
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);

export const UPDATE_WEBHOOK = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on UpdateWebhookEndpointSuccess {
        webhookEndpoint {
          id
          enabled
          disabledReason
          failingSince
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DELETE_WEBHOOK = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhookEndpoint(input: { id: $id }) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const SEND_TEST_WEBHOOK = graphql(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhookEvent(input: { id: $id }) {
      __typename
      ... on SendTestWebhookEventSuccess {
        delivery {
          id
          webhookId
          eventType
          status
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const WEBHOOK_ENDPOINTS = graphql(`
  query WebhookEndpointsOf($first: Int) {
    webhookEndpoints {
      id
      url
      description
      events
      enabled
      failingSince
      disabledAt
      disabledReason
      createdBy
      deliveries(first: $first) {
        id
        webhookId
        eventType
        status
        attempts
        lastStatusCode
        lastError
        lastAttemptAt
        nextAttemptAt
        deliveredAt
      }
    }
  }
`);

/** Registers an endpoint as `as` (an admin); fails the test unless it succeeds. */
export async function createWebhook(
  server: Pick<TestServer, 'execute'>,
  as: string | RequestOptions,
  url: string,
  events: WebhookEventType[],
) {
  const request = typeof as === 'string' ? { token: as } : as;
  const result = expectData(
    await server.execute(CREATE_WEBHOOK, { ...request, variables: { input: { url, events, description: 'test' } } }),
  ).createWebhookEndpoint;
  expectTypename(result, 'CreateWebhookEndpointSuccess');
  return { id: result.webhookEndpoint.id, secret: result.secret };
}

/** The endpoint's deliveries, newest first, as its admin sees them. */
export async function deliveriesOf(server: Pick<TestServer, 'execute'>, token: string, endpointId: string) {
  const endpoints = expectData(
    await server.execute(WEBHOOK_ENDPOINTS, { token, variables: { first: 100 } }),
  ).webhookEndpoints;
  const endpoint = endpoints.find((candidate) => candidate.id === endpointId);
  if (!endpoint) throw new Error(`no endpoint ${endpointId}`);
  return endpoint;
}
