// Webhook endpoints on the schema: workspace admins register, list, change,
// re-enable and delete them, send a test event and read deliveries. Everything goes
// through WebhookService (webhooks/service.ts); this file maps GraphQL to it. An
// endpoint of another workspace is NotFoundError (or null from node), never a hint.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { EVENT_TYPES } from '../../events/types.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { isUuid } from '../../ids.js';
import type { DeliveryRow, EndpointRow } from '../../webhooks/service.js';
import { builder, holdsScope, requestRefusal } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { assertPageArgs } from '../paging.js';

/** GraphQL enum names for the wire names: API_TOKEN_CREATED ↔ "api_token.created". */
const enumName = (type: string) => type.replace(/[._]/g, '_').toUpperCase();
const WebhookEventType = builder.enumType('WebhookEventType', {
  description: 'An event a webhook endpoint can receive; the payload’s `type` is the lower-case dotted name.',
  values: Object.fromEntries(
    EVENT_TYPES.map((type) => [enumName(type), { value: type, description: `\`${type}\`` }]),
  ) as Record<string, { value: (typeof EVENT_TYPES)[number]; description: string }>,
});

const WebhookDeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  values: {
    PENDING: { description: 'Not delivered yet: waiting for its turn or its next attempt.' },
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Given up: the endpoint was disabled after a day of failures (or by an admin).' },
  } as const,
});

const WebhookDelivery = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'One event sent (or to be sent) to one endpoint, and how it went.',
  fields: (t) => ({
    id: t.id({ resolve: (delivery) => delivery.id.toString() }),
    webhookId: t.string({
      description: 'The `webhook-id` header: the same on every attempt, for the receiver’s de-duplication.',
      resolve: (delivery) => `msg_${delivery.eventId}`,
    }),
    eventType: t.string({
      description: 'The event’s `type` (e.g. "api_token.created", or "webhook.test").',
      resolve: (delivery) => delivery.event.type,
    }),
    status: t.expose('status', { type: WebhookDeliveryStatus }),
    attempts: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', {
      nullable: true,
      description: 'The HTTP status of the last attempt; null when there was no answer (refused, timeout, network).',
    }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed.' }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it is tried next (PENDING only).',
      resolve: (delivery) => (delivery.status === 'PENDING' ? delivery.nextAttemptAt : null),
    }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookEndpoint = builder.node(builder.objectRef<EndpointRow>('WebhookEndpoint'), {
  description:
    'Where the workspace’s token events are sent, signed per the Standard Webhooks specification. Its secret is shown only when it is created.',
  id: { resolve: (row) => row.id },
  // node(id) shows an endpoint only to an admin of its workspace (with an API token: one holding WORKSPACE_ADMIN).
  loadMany: async (ids, ctx) => {
    if (ctx.viewer.role !== 'ADMIN' || !holdsScope(ctx, 'WORKSPACE_ADMIN')) return ids.map(() => null);
    const rows = await ctx.webhooks.list(ctx.viewer.workspaceId);
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  },
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    events: t.field({ type: [WebhookEventType], resolve: (row) => row.events as (typeof EVENT_TYPES)[number][] }),
    enabled: t.exposeBoolean('enabled', {
      description:
        'False after a day of failed deliveries (or when an admin disabled it); re-enable with updateWebhookEndpoint.',
    }),
    failingSince: t.expose('failingSince', {
      type: 'DateTime',
      nullable: true,
      description: 'Since when every attempt has failed; null when the last one succeeded.',
    }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    deliveries: t.field({
      type: [WebhookDelivery],
      args: { first: t.arg.int({ required: false, description: 'How many, newest first (1–100; default 20).' }) },
      description: 'The latest deliveries to this endpoint, newest first, with their status codes.',
      resolve: (row, args, ctx) => {
        assertPageArgs({ first: args.first });
        return ctx.webhooks.deliveries(row.workspaceId, row.id, args.first ?? 20);
      },
    }),
  }),
});

/** The database id behind a global WebhookEndpoint id, or null for anything else. */
function endpointIdFrom(globalId: string): string | null {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    return typename === 'WebhookEndpoint' && isUuid(id) ? id : null;
  } catch {
    return null;
  }
}

const ONLY_ADMINS = 'Only workspace admins can manage webhooks.';
// Admins, and an API token needs the WORKSPACE_ADMIN scope (a refusal of the whole request otherwise).
const ADMIN_SCOPES = { $all: { workspaceAdmin: true, tokenScope: 'WORKSPACE_ADMIN' } } as const;
type ScopeResult = Parameters<typeof requestRefusal>[2];
const refusal = (ctx: GraphQLContext, info: GraphQLResolveInfo, result: ScopeResult) =>
  requestRefusal(ctx, info, result) ?? new ForbiddenError(ONLY_ADMINS);

builder.queryField('webhookEndpoints', (t) =>
  t.field({
    type: [WebhookEndpoint],
    description: 'The workspace’s webhook endpoints (at most 10), oldest first. Workspace admins only.',
    authScopes: ADMIN_SCOPES,
    unauthorizedError: (_root, _args, ctx, info, result) =>
      requestRefusal(ctx, info, result) ??
      createGraphQLError(ONLY_ADMINS, { extensions: { code: 'FORBIDDEN', http: { status: 200 } } }),
    resolve: (_root, _args, ctx) => ctx.webhooks.list(ctx.viewer.workspaceId),
  }),
);

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({
      required: true,
      description:
        'An http(s) URL; loopback, private and link-local addresses are refused unless the operator allows them.',
    }),
    events: t.field({ type: [WebhookEventType], required: true, description: 'What it receives (at least one).' }),
    description: t.string({ required: false, description: 'What it is for (at most 200 characters).' }),
  }),
});

const CreateWebhookEndpointSuccess = builder
  .objectRef<{ endpoint: EndpointRow; secret: string }>('CreateWebhookEndpointSuccess')
  .implement({
    description: 'The new endpoint. `secret` is the only time its signing secret is shown: store it now.',
    fields: (t) => ({
      webhookEndpoint: t.field({ type: WebhookEndpoint, resolve: (result) => result.endpoint }),
      secret: t.exposeString('secret', {
        description: 'The Standard Webhooks signing secret (`whsec_…`): verify every delivery with it. Shown once.',
      }),
    }),
  });

builder.mutationField('createWebhookEndpoint', (t) =>
  t.field({
    type: CreateWebhookEndpointSuccess,
    description: 'Registers a webhook endpoint for the viewer’s workspace (admins; at most 10). Audited.',
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true }) },
    authScopes: ADMIN_SCOPES,
    unauthorizedError: (_root, _args, ctx, info, result) => refusal(ctx, info, result),
    errors: {
      types: [ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'CreateWebhookEndpointResult' },
    },
    resolve: (_root, { input }, ctx) =>
      ctx.webhooks.create(
        ctx.viewer,
        { url: input.url, events: input.events, description: input.description ?? null },
        ctx.meta,
      ),
  }),
);

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    url: t.string({ required: false }),
    events: t.field({ type: [WebhookEventType], required: false }),
    description: t.string({ required: false }),
    enabled: t.boolean({
      required: false,
      description:
        'true re-enables a disabled endpoint (deliveries start again with the next event); false disables it.',
    }),
  }),
});

const WebhookEndpointResult = builder
  .objectRef<{ webhookEndpoint: EndpointRow }>('UpdateWebhookEndpointSuccess')
  .implement({
    fields: (t) => ({
      webhookEndpoint: t.field({ type: WebhookEndpoint, resolve: (result) => result.webhookEndpoint }),
    }),
  });

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.field({
    type: WebhookEndpointResult,
    description: 'Changes a webhook endpoint, or re-enables / disables it (admins). Audited.',
    args: { input: t.arg({ type: UpdateWebhookEndpointInput, required: true }) },
    authScopes: ADMIN_SCOPES,
    unauthorizedError: (_root, _args, ctx, info, result) => refusal(ctx, info, result),
    errors: {
      types: [NotFoundError, ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'UpdateWebhookEndpointResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = endpointIdFrom(String(input.id));
      if (id === null) throw new NotFoundError('No webhook endpoint with this id exists.');
      const webhookEndpoint = await ctx.webhooks.update(
        ctx.viewer,
        id,
        { url: input.url, events: input.events, description: input.description, enabled: input.enabled },
        ctx.meta,
      );
      return { webhookEndpoint };
    },
  }),
);

const EndpointIdInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });

const DeleteWebhookEndpointSuccess = builder
  .objectRef<{ deletedWebhookEndpointId: string }>('DeleteWebhookEndpointSuccess')
  .implement({ fields: (t) => ({ deletedWebhookEndpointId: t.exposeID('deletedWebhookEndpointId') }) });

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.field({
    type: DeleteWebhookEndpointSuccess,
    description: 'Deletes a webhook endpoint and its deliveries (admins). Audited.',
    args: { input: t.arg({ type: EndpointIdInput('DeleteWebhookEndpointInput'), required: true }) },
    authScopes: ADMIN_SCOPES,
    unauthorizedError: (_root, _args, ctx, info, result) => refusal(ctx, info, result),
    errors: {
      types: [NotFoundError, ForbiddenError],
      directResult: true,
      union: { name: 'DeleteWebhookEndpointResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = endpointIdFrom(String(input.id));
      if (id === null) throw new NotFoundError('No webhook endpoint with this id exists.');
      const deleted = await ctx.webhooks.delete(ctx.viewer, id, ctx.meta);
      return { deletedWebhookEndpointId: encodeGlobalID('WebhookEndpoint', deleted.id) };
    },
  }),
);

const SendTestWebhookEventSuccess = builder
  .objectRef<{ delivery: DeliveryRow }>('SendTestWebhookEventSuccess')
  .implement({
    description: 'A `webhook.test` event, queued for this endpoint alone; its delivery shows how it went.',
    fields: (t) => ({ delivery: t.field({ type: WebhookDelivery, resolve: (result) => result.delivery }) }),
  });

builder.mutationField('sendTestWebhookEvent', (t) =>
  t.field({
    type: SendTestWebhookEventSuccess,
    description: 'Sends a `webhook.test` event to one endpoint (admins), signed like any other.',
    args: { input: t.arg({ type: EndpointIdInput('SendTestWebhookEventInput'), required: true }) },
    authScopes: ADMIN_SCOPES,
    unauthorizedError: (_root, _args, ctx, info, result) => refusal(ctx, info, result),
    errors: {
      types: [NotFoundError, ValidationError, ForbiddenError],
      directResult: true,
      union: { name: 'SendTestWebhookEventResult' },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = endpointIdFrom(String(input.id));
      if (id === null) throw new NotFoundError('No webhook endpoint with this id exists.');
      return { delivery: await ctx.webhooks.sendTest(ctx.viewer, id) };
    },
  }),
);
