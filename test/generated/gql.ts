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
    "\n  query AdminRevokedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          id\n          name\n          reason\n          revokedBy\n          revokedAt\n        }\n      }\n    }\n  }\n": typeof types.AdminRevokedHistoryDocument,
    "\n  query ListAndViewer {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n        }\n      }\n    }\n    viewer {\n      email\n    }\n  }\n": typeof types.ListAndViewerDocument,
    "\n  query TokenNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ApiToken {\n        name\n      }\n    }\n  }\n": typeof types.TokenNodeDocument,
    "\n  query TokenCount($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n": typeof types.TokenCountDocument,
    "\n  query AuditTotal {\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.AuditTotalDocument,
    "\n  query AuditPage($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          actorEmail\n          apiTokenId\n          apiTokenName\n          ip\n          userAgent\n          occurredAt\n        }\n      }\n    }\n  }\n": typeof types.AuditPageDocument,
    "\n  query IntrospectQueryType {\n    __schema {\n      queryType {\n        name\n      }\n    }\n  }\n": typeof types.IntrospectQueryTypeDocument,
    "\n  mutation CreateCanary($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          canary\n          canaryTripCount\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CreateCanaryDocument,
    "\n  query CanaryTripsOf($id: ID!, $first: Int) {\n    apiToken(id: $id) {\n      canary\n      canaryTripCount\n      lastUsedAt\n      lastUsedUserAgent\n      canaryTrips(first: $first) {\n        occurredAt\n        ip\n        userAgent\n        foundAtUrl\n      }\n    }\n  }\n": typeof types.CanaryTripsOfDocument,
    "\n  query ListCanaries {\n    apiTokens(first: 10) {\n      edges {\n        node {\n          name\n          canary\n          canaryTripCount\n        }\n      }\n    }\n  }\n": typeof types.ListCanariesDocument,
    "\n  query CliTokenIds {\n    apiTokens {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.CliTokenIdsDocument,
    "\n  query LimitsWorkspaceName {\n    viewer {\n      workspace {\n        name\n      }\n    }\n  }\n": typeof types.LimitsWorkspaceNameDocument,
    "\n  query LimitsPageSize($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n": typeof types.LimitsPageSizeDocument,
    "\n  query LimitsTypename {\n    __typename\n  }\n": typeof types.LimitsTypenameDocument,
    "\n  query ObservedViewer {\n    viewer {\n      email\n    }\n  }\n": typeof types.ObservedViewerDocument,
    "\n  query ObservedUse {\n    viewer {\n      email\n    }\n    apiTokens(first: 5) {\n      edges {\n        node {\n          id\n          name\n          hint\n          lastUsedAt\n        }\n      }\n    }\n  }\n": typeof types.ObservedUseDocument,
    "\n  query ObservedTypename {\n    __typename\n  }\n": typeof types.ObservedTypenameDocument,
    "\n  mutation PropertyCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        apiToken {\n          id\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n": typeof types.PropertyCreateDocument,
    "\n  mutation PropertyRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.PropertyRevokeDocument,
    "\n  query PropertyPage($first: Int, $last: Int, $after: String, $before: String) {\n    apiTokens(first: $first, last: $last, after: $after, before: $before) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.PropertyPageDocument,
    "\n  query SweptHistory {\n    revokedApiTokens(first: 50) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n        }\n      }\n    }\n  }\n": typeof types.SweptHistoryDocument,
    "\n  query InactivityFlags {\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n": typeof types.InactivityFlagsDocument,
    "\n  query LifecycleViewerAndTokenNames {\n    viewer {\n      email\n    }\n    apiTokens {\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n": typeof types.LifecycleViewerAndTokenNamesDocument,
    "\n  query LookupNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n      }\n      ... on User {\n        email\n      }\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n": typeof types.LookupNodeDocument,
    "\n  query LookupNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n": typeof types.LookupNodesDocument,
    "\n  mutation RenameToken($input: RenameApiTokenInput!) {\n    renameApiToken(input: $input) {\n      __typename\n      ... on RenameApiTokenSuccess {\n        apiToken {\n          id\n          name\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.RenameTokenDocument,
    "\n  mutation SetTokenPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        destroyedValues\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.SetTokenPolicyDocument,
    "\n  mutation RevealToken($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          revealable\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RevealTokenDocument,
    "\n  query Revealable($id: ID!) {\n    apiToken(id: $id) {\n      revealable\n    }\n    viewer {\n      workspace {\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n    }\n  }\n": typeof types.RevealableDocument,
    "\n  query RevokedHistory($first: Int, $after: String) {\n    revokedApiTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          revokedAt\n          revokedBy\n          reason\n          usedAfterRevocationCount\n          lastUsedAfterRevocationAt\n          lastUsedAfterRevocationIp\n        }\n      }\n    }\n  }\n": typeof types.RevokedHistoryDocument,
    "\n  query RevokedNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RevokedApiToken {\n        name\n      }\n    }\n  }\n": typeof types.RevokedNodeDocument,
    "\n  mutation RotateToken($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        previousSecretExpiresAt\n        apiToken {\n          id\n          name\n          hint\n          scopes\n          createdAt\n          expiresAt\n          rotatedAt\n          previousSecretExpiresAt\n          previousSecretLastUsedAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.RotateTokenDocument,
    "\n  query RotationDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      hint\n      lastUsedAt\n      expiresAt\n      rotatedAt\n      previousSecretExpiresAt\n      previousSecretLastUsedAt\n      revealable\n      owner {\n        email\n      }\n    }\n  }\n": typeof types.RotationDetailDocument,
    "\n  query RotatedHistory {\n    revokedApiTokens(first: 20) {\n      totalCount\n      edges {\n        node {\n          name\n          hint\n          reason\n          revokedAt\n          revokedBy\n          lastUsedAt\n          usedAfterRevocationCount\n        }\n      }\n    }\n  }\n": typeof types.RotatedHistoryDocument,
    "\n  query RotationAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          action\n          apiTokenId\n          details\n        }\n      }\n    }\n  }\n": typeof types.RotationAuditDocument,
    "\n  mutation RevealRotated($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RevealRotatedDocument,
    "\n  query ScopedToken($id: ID!) {\n    apiToken(id: $id) {\n      id\n      scopes\n    }\n  }\n": typeof types.ScopedTokenDocument,
    "\n  query ScopedRevoked {\n    revokedApiTokens(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.ScopedRevokedDocument,
    "\n  query ScopedNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n": typeof types.ScopedNodeDocument,
    "\n  query ScopedNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n    }\n  }\n": typeof types.ScopedNodesDocument,
    "\n  mutation ScopedCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.ScopedCreateDocument,
    "\n  mutation ScopedRename($id: ID!) {\n    renameApiToken(input: { id: $id, name: \"renamed\" }) {\n      __typename\n    }\n  }\n": typeof types.ScopedRenameDocument,
    "\n  mutation ScopedRotate($id: ID!) {\n    rotateApiToken(input: { id: $id }) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        apiToken {\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ScopedRotateDocument,
    "\n  mutation ScopedRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n": typeof types.ScopedRevokeDocument,
    "\n  mutation ScopedReveal($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n": typeof types.ScopedRevealDocument,
    "\n  query ScopedAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          id\n          action\n          details\n        }\n      }\n    }\n  }\n": typeof types.ScopedAuditDocument,
    "\n  query ScopedAuditNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n": typeof types.ScopedAuditNodeDocument,
    "\n  mutation ScopedPolicy {\n    updateWorkspaceTokenPolicy(input: {}) {\n      __typename\n    }\n  }\n": typeof types.ScopedPolicyDocument,
    "\n  query ScopedWebhooks {\n    webhookEndpoints {\n      id\n    }\n  }\n": typeof types.ScopedWebhooksDocument,
    "\n  mutation ScopedCreateWebhook {\n    createWebhookEndpoint(input: { url: \"https://140.82.112.3/scopes\", events: [API_TOKEN_EXPIRING] }) {\n      __typename\n    }\n  }\n": typeof types.ScopedCreateWebhookDocument,
    "\n  mutation ScopedUpdateWebhook($id: ID!) {\n    updateWebhookEndpoint(input: { id: $id, enabled: true }) {\n      __typename\n    }\n  }\n": typeof types.ScopedUpdateWebhookDocument,
    "\n  mutation ScopedDeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n    }\n  }\n": typeof types.ScopedDeleteWebhookDocument,
    "\n  mutation ScopedTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n    }\n  }\n": typeof types.ScopedTestWebhookDocument,
    "\n  query ScopedInventory {\n    workspaceApiTokens(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.ScopedInventoryDocument,
    "\n  query ScopedViewerAndAudit {\n    viewer {\n      email\n    }\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.ScopedViewerAndAuditDocument,
    "\n  query LeakedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n          leakUrl\n          leakSource\n        }\n      }\n    }\n  }\n": typeof types.LeakedHistoryDocument,
    "\n  query StatementsNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n        createdAt\n        lastUsedAt\n        expiresAt\n      }\n      ... on User {\n        email\n        role\n        workspace {\n          name\n          plan\n        }\n      }\n      ... on AuditEvent {\n        action\n        apiTokenName\n      }\n    }\n  }\n": typeof types.StatementsNodeDocument,
    "\n  query StatementsNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n      }\n    }\n  }\n": typeof types.StatementsNodesDocument,
    "\n  query StatementsOwners($first: Int) {\n    apiTokens(first: $first) {\n      edges {\n        node {\n          id\n          owner {\n            email\n          }\n        }\n      }\n    }\n  }\n": typeof types.StatementsOwnersDocument,
    "\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n": typeof types.ViewerEmailDocument,
    "\n  query ViewerAccess {\n    viewer {\n      email\n      role\n      workspace {\n        plan\n      }\n    }\n  }\n": typeof types.ViewerAccessDocument,
    "\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          expiresAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.CreateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on RevokeApiTokenSuccess {\n        revokedApiTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  query TokenPage($first: Int, $after: String, $last: Int, $before: String) {\n    apiTokens(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          lastUsedAt\n        }\n      }\n    }\n  }\n": typeof types.TokenPageDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointSuccess {\n        secret\n        webhookEndpoint {\n          id\n          url\n          events\n          enabled\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointSuccess {\n        webhookEndpoint {\n          id\n          enabled\n          disabledReason\n          failingSince\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n      ... on SendTestWebhookEventSuccess {\n        delivery {\n          id\n          webhookId\n          eventType\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.SendTestWebhookDocument,
    "\n  query WebhookEndpointsOf($first: Int) {\n    webhookEndpoints {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledAt\n      disabledReason\n      createdBy\n      deliveries(first: $first) {\n        id\n        webhookId\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n        deliveredAt\n      }\n    }\n  }\n": typeof types.WebhookEndpointsOfDocument,
    "\n  mutation UpdatePolicyLimits($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.UpdatePolicyLimitsDocument,
    "\n  query PolicyAndTokens {\n    viewer {\n      workspace {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n    }\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          createdAt\n          lastUsedAt\n          expiresAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n": typeof types.PolicyAndTokensDocument,
    "\n  mutation PolicyRotate($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        apiToken {\n          expiresAt\n          exceedsMaxLifetime\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.PolicyRotateDocument,
    "\n  query TokenDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      status\n      suspendedReason\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      expiresAt\n      revealable\n    }\n  }\n": typeof types.TokenDetailDocument,
    "\n  query TokenStatuses($filter: ApiTokenFilter, $first: Int, $after: String) {\n    apiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          status\n          suspendedReason\n        }\n      }\n    }\n  }\n": typeof types.TokenStatusesDocument,
    "\n  mutation RenameForStatus($id: ID!, $name: String!) {\n    renameApiToken(input: { id: $id, name: $name }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RenameForStatusDocument,
    "\n  query SessionViewerAndTokenCount {\n    viewer {\n      email\n    }\n    ...SessionTokenCount\n  }\n  fragment SessionTokenCount on Query {\n    apiTokens {\n      totalCount\n    }\n  }\n": typeof types.SessionViewerAndTokenCountDocument,
    "\n  query Inventory($first: Int, $after: String, $filter: WorkspaceApiTokenFilter) {\n    workspaceApiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          suspendedReason\n          expiresAt\n          lastUsedAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n          owner {\n            id\n            email\n            name\n            role\n            workspace {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.InventoryDocument,
    "\n  query InventoryViewerWorkspace {\n    viewer {\n      workspace {\n        id\n        name\n      }\n    }\n  }\n": typeof types.InventoryViewerWorkspaceDocument,
    "\n  mutation InventoryPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n    }\n  }\n": typeof types.InventoryPolicyDocument,
};
const documents: Documents = {
    "\n  query AdminRevokedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          id\n          name\n          reason\n          revokedBy\n          revokedAt\n        }\n      }\n    }\n  }\n": types.AdminRevokedHistoryDocument,
    "\n  query ListAndViewer {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n        }\n      }\n    }\n    viewer {\n      email\n    }\n  }\n": types.ListAndViewerDocument,
    "\n  query TokenNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ApiToken {\n        name\n      }\n    }\n  }\n": types.TokenNodeDocument,
    "\n  query TokenCount($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n": types.TokenCountDocument,
    "\n  query AuditTotal {\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n": types.AuditTotalDocument,
    "\n  query AuditPage($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          actorEmail\n          apiTokenId\n          apiTokenName\n          ip\n          userAgent\n          occurredAt\n        }\n      }\n    }\n  }\n": types.AuditPageDocument,
    "\n  query IntrospectQueryType {\n    __schema {\n      queryType {\n        name\n      }\n    }\n  }\n": types.IntrospectQueryTypeDocument,
    "\n  mutation CreateCanary($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          canary\n          canaryTripCount\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CreateCanaryDocument,
    "\n  query CanaryTripsOf($id: ID!, $first: Int) {\n    apiToken(id: $id) {\n      canary\n      canaryTripCount\n      lastUsedAt\n      lastUsedUserAgent\n      canaryTrips(first: $first) {\n        occurredAt\n        ip\n        userAgent\n        foundAtUrl\n      }\n    }\n  }\n": types.CanaryTripsOfDocument,
    "\n  query ListCanaries {\n    apiTokens(first: 10) {\n      edges {\n        node {\n          name\n          canary\n          canaryTripCount\n        }\n      }\n    }\n  }\n": types.ListCanariesDocument,
    "\n  query CliTokenIds {\n    apiTokens {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.CliTokenIdsDocument,
    "\n  query LimitsWorkspaceName {\n    viewer {\n      workspace {\n        name\n      }\n    }\n  }\n": types.LimitsWorkspaceNameDocument,
    "\n  query LimitsPageSize($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n": types.LimitsPageSizeDocument,
    "\n  query LimitsTypename {\n    __typename\n  }\n": types.LimitsTypenameDocument,
    "\n  query ObservedViewer {\n    viewer {\n      email\n    }\n  }\n": types.ObservedViewerDocument,
    "\n  query ObservedUse {\n    viewer {\n      email\n    }\n    apiTokens(first: 5) {\n      edges {\n        node {\n          id\n          name\n          hint\n          lastUsedAt\n        }\n      }\n    }\n  }\n": types.ObservedUseDocument,
    "\n  query ObservedTypename {\n    __typename\n  }\n": types.ObservedTypenameDocument,
    "\n  mutation PropertyCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        apiToken {\n          id\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n": types.PropertyCreateDocument,
    "\n  mutation PropertyRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.PropertyRevokeDocument,
    "\n  query PropertyPage($first: Int, $last: Int, $after: String, $before: String) {\n    apiTokens(first: $first, last: $last, after: $after, before: $before) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.PropertyPageDocument,
    "\n  query SweptHistory {\n    revokedApiTokens(first: 50) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n        }\n      }\n    }\n  }\n": types.SweptHistoryDocument,
    "\n  query InactivityFlags {\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n": types.InactivityFlagsDocument,
    "\n  query LifecycleViewerAndTokenNames {\n    viewer {\n      email\n    }\n    apiTokens {\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n": types.LifecycleViewerAndTokenNamesDocument,
    "\n  query LookupNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n      }\n      ... on User {\n        email\n      }\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n": types.LookupNodeDocument,
    "\n  query LookupNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n": types.LookupNodesDocument,
    "\n  mutation RenameToken($input: RenameApiTokenInput!) {\n    renameApiToken(input: $input) {\n      __typename\n      ... on RenameApiTokenSuccess {\n        apiToken {\n          id\n          name\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.RenameTokenDocument,
    "\n  mutation SetTokenPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        destroyedValues\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.SetTokenPolicyDocument,
    "\n  mutation RevealToken($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          revealable\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RevealTokenDocument,
    "\n  query Revealable($id: ID!) {\n    apiToken(id: $id) {\n      revealable\n    }\n    viewer {\n      workspace {\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n    }\n  }\n": types.RevealableDocument,
    "\n  query RevokedHistory($first: Int, $after: String) {\n    revokedApiTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          revokedAt\n          revokedBy\n          reason\n          usedAfterRevocationCount\n          lastUsedAfterRevocationAt\n          lastUsedAfterRevocationIp\n        }\n      }\n    }\n  }\n": types.RevokedHistoryDocument,
    "\n  query RevokedNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RevokedApiToken {\n        name\n      }\n    }\n  }\n": types.RevokedNodeDocument,
    "\n  mutation RotateToken($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        previousSecretExpiresAt\n        apiToken {\n          id\n          name\n          hint\n          scopes\n          createdAt\n          expiresAt\n          rotatedAt\n          previousSecretExpiresAt\n          previousSecretLastUsedAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.RotateTokenDocument,
    "\n  query RotationDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      hint\n      lastUsedAt\n      expiresAt\n      rotatedAt\n      previousSecretExpiresAt\n      previousSecretLastUsedAt\n      revealable\n      owner {\n        email\n      }\n    }\n  }\n": types.RotationDetailDocument,
    "\n  query RotatedHistory {\n    revokedApiTokens(first: 20) {\n      totalCount\n      edges {\n        node {\n          name\n          hint\n          reason\n          revokedAt\n          revokedBy\n          lastUsedAt\n          usedAfterRevocationCount\n        }\n      }\n    }\n  }\n": types.RotatedHistoryDocument,
    "\n  query RotationAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          action\n          apiTokenId\n          details\n        }\n      }\n    }\n  }\n": types.RotationAuditDocument,
    "\n  mutation RevealRotated($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RevealRotatedDocument,
    "\n  query ScopedToken($id: ID!) {\n    apiToken(id: $id) {\n      id\n      scopes\n    }\n  }\n": types.ScopedTokenDocument,
    "\n  query ScopedRevoked {\n    revokedApiTokens(first: 1) {\n      totalCount\n    }\n  }\n": types.ScopedRevokedDocument,
    "\n  query ScopedNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n": types.ScopedNodeDocument,
    "\n  query ScopedNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n    }\n  }\n": types.ScopedNodesDocument,
    "\n  mutation ScopedCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.ScopedCreateDocument,
    "\n  mutation ScopedRename($id: ID!) {\n    renameApiToken(input: { id: $id, name: \"renamed\" }) {\n      __typename\n    }\n  }\n": types.ScopedRenameDocument,
    "\n  mutation ScopedRotate($id: ID!) {\n    rotateApiToken(input: { id: $id }) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        apiToken {\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ScopedRotateDocument,
    "\n  mutation ScopedRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n": types.ScopedRevokeDocument,
    "\n  mutation ScopedReveal($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n": types.ScopedRevealDocument,
    "\n  query ScopedAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          id\n          action\n          details\n        }\n      }\n    }\n  }\n": types.ScopedAuditDocument,
    "\n  query ScopedAuditNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n": types.ScopedAuditNodeDocument,
    "\n  mutation ScopedPolicy {\n    updateWorkspaceTokenPolicy(input: {}) {\n      __typename\n    }\n  }\n": types.ScopedPolicyDocument,
    "\n  query ScopedWebhooks {\n    webhookEndpoints {\n      id\n    }\n  }\n": types.ScopedWebhooksDocument,
    "\n  mutation ScopedCreateWebhook {\n    createWebhookEndpoint(input: { url: \"https://140.82.112.3/scopes\", events: [API_TOKEN_EXPIRING] }) {\n      __typename\n    }\n  }\n": types.ScopedCreateWebhookDocument,
    "\n  mutation ScopedUpdateWebhook($id: ID!) {\n    updateWebhookEndpoint(input: { id: $id, enabled: true }) {\n      __typename\n    }\n  }\n": types.ScopedUpdateWebhookDocument,
    "\n  mutation ScopedDeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n    }\n  }\n": types.ScopedDeleteWebhookDocument,
    "\n  mutation ScopedTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n    }\n  }\n": types.ScopedTestWebhookDocument,
    "\n  query ScopedInventory {\n    workspaceApiTokens(first: 1) {\n      totalCount\n    }\n  }\n": types.ScopedInventoryDocument,
    "\n  query ScopedViewerAndAudit {\n    viewer {\n      email\n    }\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n": types.ScopedViewerAndAuditDocument,
    "\n  query LeakedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n          leakUrl\n          leakSource\n        }\n      }\n    }\n  }\n": types.LeakedHistoryDocument,
    "\n  query StatementsNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n        createdAt\n        lastUsedAt\n        expiresAt\n      }\n      ... on User {\n        email\n        role\n        workspace {\n          name\n          plan\n        }\n      }\n      ... on AuditEvent {\n        action\n        apiTokenName\n      }\n    }\n  }\n": types.StatementsNodeDocument,
    "\n  query StatementsNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n      }\n    }\n  }\n": types.StatementsNodesDocument,
    "\n  query StatementsOwners($first: Int) {\n    apiTokens(first: $first) {\n      edges {\n        node {\n          id\n          owner {\n            email\n          }\n        }\n      }\n    }\n  }\n": types.StatementsOwnersDocument,
    "\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n": types.ViewerEmailDocument,
    "\n  query ViewerAccess {\n    viewer {\n      email\n      role\n      workspace {\n        plan\n      }\n    }\n  }\n": types.ViewerAccessDocument,
    "\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          expiresAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.CreateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on RevokeApiTokenSuccess {\n        revokedApiTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  query TokenPage($first: Int, $after: String, $last: Int, $before: String) {\n    apiTokens(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          lastUsedAt\n        }\n      }\n    }\n  }\n": types.TokenPageDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointSuccess {\n        secret\n        webhookEndpoint {\n          id\n          url\n          events\n          enabled\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointSuccess {\n        webhookEndpoint {\n          id\n          enabled\n          disabledReason\n          failingSince\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n      ... on SendTestWebhookEventSuccess {\n        delivery {\n          id\n          webhookId\n          eventType\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.SendTestWebhookDocument,
    "\n  query WebhookEndpointsOf($first: Int) {\n    webhookEndpoints {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledAt\n      disabledReason\n      createdBy\n      deliveries(first: $first) {\n        id\n        webhookId\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n        deliveredAt\n      }\n    }\n  }\n": types.WebhookEndpointsOfDocument,
    "\n  mutation UpdatePolicyLimits($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.UpdatePolicyLimitsDocument,
    "\n  query PolicyAndTokens {\n    viewer {\n      workspace {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n    }\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          createdAt\n          lastUsedAt\n          expiresAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n": types.PolicyAndTokensDocument,
    "\n  mutation PolicyRotate($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        apiToken {\n          expiresAt\n          exceedsMaxLifetime\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.PolicyRotateDocument,
    "\n  query TokenDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      status\n      suspendedReason\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      expiresAt\n      revealable\n    }\n  }\n": types.TokenDetailDocument,
    "\n  query TokenStatuses($filter: ApiTokenFilter, $first: Int, $after: String) {\n    apiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          status\n          suspendedReason\n        }\n      }\n    }\n  }\n": types.TokenStatusesDocument,
    "\n  mutation RenameForStatus($id: ID!, $name: String!) {\n    renameApiToken(input: { id: $id, name: $name }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RenameForStatusDocument,
    "\n  query SessionViewerAndTokenCount {\n    viewer {\n      email\n    }\n    ...SessionTokenCount\n  }\n  fragment SessionTokenCount on Query {\n    apiTokens {\n      totalCount\n    }\n  }\n": types.SessionViewerAndTokenCountDocument,
    "\n  query Inventory($first: Int, $after: String, $filter: WorkspaceApiTokenFilter) {\n    workspaceApiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          suspendedReason\n          expiresAt\n          lastUsedAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n          owner {\n            id\n            email\n            name\n            role\n            workspace {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.InventoryDocument,
    "\n  query InventoryViewerWorkspace {\n    viewer {\n      workspace {\n        id\n        name\n      }\n    }\n  }\n": types.InventoryViewerWorkspaceDocument,
    "\n  mutation InventoryPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n    }\n  }\n": types.InventoryPolicyDocument,
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
export function graphql(source: "\n  query AdminRevokedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          id\n          name\n          reason\n          revokedBy\n          revokedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminRevokedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          id\n          name\n          reason\n          revokedBy\n          revokedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListAndViewer {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n        }\n      }\n    }\n    viewer {\n      email\n    }\n  }\n"): (typeof documents)["\n  query ListAndViewer {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          hint\n        }\n      }\n    }\n    viewer {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ApiToken {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokenNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ApiToken {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenCount($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query TokenCount($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTotal {\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query AuditTotal {\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditPage($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          actorEmail\n          apiTokenId\n          apiTokenName\n          ip\n          userAgent\n          occurredAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditPage($first: Int, $after: String) {\n    auditEvents(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          action\n          actorEmail\n          apiTokenId\n          apiTokenName\n          ip\n          userAgent\n          occurredAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntrospectQueryType {\n    __schema {\n      queryType {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query IntrospectQueryType {\n    __schema {\n      queryType {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCanary($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          canary\n          canaryTripCount\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCanary($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          canary\n          canaryTripCount\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CanaryTripsOf($id: ID!, $first: Int) {\n    apiToken(id: $id) {\n      canary\n      canaryTripCount\n      lastUsedAt\n      lastUsedUserAgent\n      canaryTrips(first: $first) {\n        occurredAt\n        ip\n        userAgent\n        foundAtUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  query CanaryTripsOf($id: ID!, $first: Int) {\n    apiToken(id: $id) {\n      canary\n      canaryTripCount\n      lastUsedAt\n      lastUsedUserAgent\n      canaryTrips(first: $first) {\n        occurredAt\n        ip\n        userAgent\n        foundAtUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListCanaries {\n    apiTokens(first: 10) {\n      edges {\n        node {\n          name\n          canary\n          canaryTripCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListCanaries {\n    apiTokens(first: 10) {\n      edges {\n        node {\n          name\n          canary\n          canaryTripCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliTokenIds {\n    apiTokens {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliTokenIds {\n    apiTokens {\n      totalCount\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LimitsWorkspaceName {\n    viewer {\n      workspace {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query LimitsWorkspaceName {\n    viewer {\n      workspace {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LimitsPageSize($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query LimitsPageSize($first: Int) {\n    apiTokens(first: $first) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LimitsTypename {\n    __typename\n  }\n"): (typeof documents)["\n  query LimitsTypename {\n    __typename\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObservedViewer {\n    viewer {\n      email\n    }\n  }\n"): (typeof documents)["\n  query ObservedViewer {\n    viewer {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObservedUse {\n    viewer {\n      email\n    }\n    apiTokens(first: 5) {\n      edges {\n        node {\n          id\n          name\n          hint\n          lastUsedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ObservedUse {\n    viewer {\n      email\n    }\n    apiTokens(first: 5) {\n      edges {\n        node {\n          id\n          name\n          hint\n          lastUsedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObservedTypename {\n    __typename\n  }\n"): (typeof documents)["\n  query ObservedTypename {\n    __typename\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropertyCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        apiToken {\n          id\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PropertyCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        apiToken {\n          id\n        }\n      }\n      ... on ValidationError {\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PropertyRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PropertyRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PropertyPage($first: Int, $last: Int, $after: String, $before: String) {\n    apiTokens(first: $first, last: $last, after: $after, before: $before) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PropertyPage($first: Int, $last: Int, $after: String, $before: String) {\n    apiTokens(first: $first, last: $last, after: $after, before: $before) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SweptHistory {\n    revokedApiTokens(first: 50) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SweptHistory {\n    revokedApiTokens(first: 50) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InactivityFlags {\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InactivityFlags {\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleViewerAndTokenNames {\n    viewer {\n      email\n    }\n    apiTokens {\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LifecycleViewerAndTokenNames {\n    viewer {\n      email\n    }\n    apiTokens {\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LookupNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n      }\n      ... on User {\n        email\n      }\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n"): (typeof documents)["\n  query LookupNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n      }\n      ... on User {\n        email\n      }\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LookupNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n"): (typeof documents)["\n  query LookupNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameToken($input: RenameApiTokenInput!) {\n    renameApiToken(input: $input) {\n      __typename\n      ... on RenameApiTokenSuccess {\n        apiToken {\n          id\n          name\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RenameToken($input: RenameApiTokenInput!) {\n    renameApiToken(input: $input) {\n      __typename\n      ... on RenameApiTokenSuccess {\n        apiToken {\n          id\n          name\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTokenPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        destroyedValues\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetTokenPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        destroyedValues\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevealToken($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          revealable\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevealToken($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          revealable\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Revealable($id: ID!) {\n    apiToken(id: $id) {\n      revealable\n    }\n    viewer {\n      workspace {\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Revealable($id: ID!) {\n    apiToken(id: $id) {\n      revealable\n    }\n    viewer {\n      workspace {\n        tokenPolicy {\n          tokensRevealable\n          revealSupported\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevokedHistory($first: Int, $after: String) {\n    revokedApiTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          revokedAt\n          revokedBy\n          reason\n          usedAfterRevocationCount\n          lastUsedAfterRevocationAt\n          lastUsedAfterRevocationIp\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RevokedHistory($first: Int, $after: String) {\n    revokedApiTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          revokedAt\n          revokedBy\n          reason\n          usedAfterRevocationCount\n          lastUsedAfterRevocationAt\n          lastUsedAfterRevocationIp\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevokedNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RevokedApiToken {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query RevokedNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RevokedApiToken {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        previousSecretExpiresAt\n        apiToken {\n          id\n          name\n          hint\n          scopes\n          createdAt\n          expiresAt\n          rotatedAt\n          previousSecretExpiresAt\n          previousSecretLastUsedAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateToken($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        previousSecretExpiresAt\n        apiToken {\n          id\n          name\n          hint\n          scopes\n          createdAt\n          expiresAt\n          rotatedAt\n          previousSecretExpiresAt\n          previousSecretLastUsedAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RotationDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      hint\n      lastUsedAt\n      expiresAt\n      rotatedAt\n      previousSecretExpiresAt\n      previousSecretLastUsedAt\n      revealable\n      owner {\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  query RotationDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      hint\n      lastUsedAt\n      expiresAt\n      rotatedAt\n      previousSecretExpiresAt\n      previousSecretLastUsedAt\n      revealable\n      owner {\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RotatedHistory {\n    revokedApiTokens(first: 20) {\n      totalCount\n      edges {\n        node {\n          name\n          hint\n          reason\n          revokedAt\n          revokedBy\n          lastUsedAt\n          usedAfterRevocationCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RotatedHistory {\n    revokedApiTokens(first: 20) {\n      totalCount\n      edges {\n        node {\n          name\n          hint\n          reason\n          revokedAt\n          revokedBy\n          lastUsedAt\n          usedAfterRevocationCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RotationAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          action\n          apiTokenId\n          details\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RotationAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          action\n          apiTokenId\n          details\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevealRotated($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevealRotated($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n      ... on RevealApiTokenSuccess {\n        token\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedToken($id: ID!) {\n    apiToken(id: $id) {\n      id\n      scopes\n    }\n  }\n"): (typeof documents)["\n  query ScopedToken($id: ID!) {\n    apiToken(id: $id) {\n      id\n      scopes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedRevoked {\n    revokedApiTokens(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query ScopedRevoked {\n    revokedApiTokens(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ScopedNode($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ScopedNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedCreate($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          id\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedRename($id: ID!) {\n    renameApiToken(input: { id: $id, name: \"renamed\" }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedRename($id: ID!) {\n    renameApiToken(input: { id: $id, name: \"renamed\" }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedRotate($id: ID!) {\n    rotateApiToken(input: { id: $id }) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        apiToken {\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedRotate($id: ID!) {\n    rotateApiToken(input: { id: $id }) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        token\n        apiToken {\n          scopes\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedRevoke($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedReveal($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedReveal($id: ID!) {\n    revealApiToken(input: { id: $id }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          id\n          action\n          details\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScopedAudit {\n    auditEvents(first: 5) {\n      edges {\n        node {\n          id\n          action\n          details\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedAuditNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScopedAuditNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        action\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedPolicy {\n    updateWorkspaceTokenPolicy(input: {}) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedPolicy {\n    updateWorkspaceTokenPolicy(input: {}) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedWebhooks {\n    webhookEndpoints {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ScopedWebhooks {\n    webhookEndpoints {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedCreateWebhook {\n    createWebhookEndpoint(input: { url: \"https://140.82.112.3/scopes\", events: [API_TOKEN_EXPIRING] }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedCreateWebhook {\n    createWebhookEndpoint(input: { url: \"https://140.82.112.3/scopes\", events: [API_TOKEN_EXPIRING] }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedUpdateWebhook($id: ID!) {\n    updateWebhookEndpoint(input: { id: $id, enabled: true }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedUpdateWebhook($id: ID!) {\n    updateWebhookEndpoint(input: { id: $id, enabled: true }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedDeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedDeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScopedTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ScopedTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedInventory {\n    workspaceApiTokens(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query ScopedInventory {\n    workspaceApiTokens(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopedViewerAndAudit {\n    viewer {\n      email\n    }\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query ScopedViewerAndAudit {\n    viewer {\n      email\n    }\n    auditEvents(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LeakedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n          leakUrl\n          leakSource\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LeakedHistory {\n    revokedApiTokens(first: 10) {\n      edges {\n        node {\n          name\n          reason\n          revokedBy\n          leakUrl\n          leakSource\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatementsNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n        createdAt\n        lastUsedAt\n        expiresAt\n      }\n      ... on User {\n        email\n        role\n        workspace {\n          name\n          plan\n        }\n      }\n      ... on AuditEvent {\n        action\n        apiTokenName\n      }\n    }\n  }\n"): (typeof documents)["\n  query StatementsNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n        createdAt\n        lastUsedAt\n        expiresAt\n      }\n      ... on User {\n        email\n        role\n        workspace {\n          name\n          plan\n        }\n      }\n      ... on AuditEvent {\n        action\n        apiTokenName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatementsNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n      }\n    }\n  }\n"): (typeof documents)["\n  query StatementsNodes($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      __typename\n      id\n      ... on ApiToken {\n        name\n        hint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatementsOwners($first: Int) {\n    apiTokens(first: $first) {\n      edges {\n        node {\n          id\n          owner {\n            email\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StatementsOwners($first: Int) {\n    apiTokens(first: $first) {\n      edges {\n        node {\n          id\n          owner {\n            email\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n"): (typeof documents)["\n  query ViewerEmail {\n    viewer {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerAccess {\n    viewer {\n      email\n      role\n      workspace {\n        plan\n      }\n    }\n  }\n"): (typeof documents)["\n  query ViewerAccess {\n    viewer {\n      email\n      role\n      workspace {\n        plan\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          expiresAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ... on CreateApiTokenSuccess {\n        token\n        httpHeader\n        curlExample\n        apiToken {\n          id\n          name\n          hint\n          createdAt\n          lastUsedAt\n          expiresAt\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on RevokeApiTokenSuccess {\n        revokedApiTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ... on RevokeApiTokenSuccess {\n        revokedApiTokenId\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenPage($first: Int, $after: String, $last: Int, $before: String) {\n    apiTokens(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          lastUsedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokenPage($first: Int, $after: String, $last: Int, $before: String) {\n    apiTokens(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          lastUsedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointSuccess {\n        secret\n        webhookEndpoint {\n          id\n          url\n          events\n          enabled\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      __typename\n      ... on CreateWebhookEndpointSuccess {\n        secret\n        webhookEndpoint {\n          id\n          url\n          events\n          enabled\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointSuccess {\n        webhookEndpoint {\n          id\n          enabled\n          disabledReason\n          failingSince\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(input: $input) {\n      __typename\n      ... on UpdateWebhookEndpointSuccess {\n        webhookEndpoint {\n          id\n          enabled\n          disabledReason\n          failingSince\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhookEndpoint(input: { id: $id }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n      ... on SendTestWebhookEventSuccess {\n        delivery {\n          id\n          webhookId\n          eventType\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhookEvent(input: { id: $id }) {\n      __typename\n      ... on SendTestWebhookEventSuccess {\n        delivery {\n          id\n          webhookId\n          eventType\n          status\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpointsOf($first: Int) {\n    webhookEndpoints {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledAt\n      disabledReason\n      createdBy\n      deliveries(first: $first) {\n        id\n        webhookId\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n        deliveredAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookEndpointsOf($first: Int) {\n    webhookEndpoints {\n      id\n      url\n      description\n      events\n      enabled\n      failingSince\n      disabledAt\n      disabledReason\n      createdBy\n      deliveries(first: $first) {\n        id\n        webhookId\n        eventType\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n        deliveredAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePolicyLimits($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePolicyLimits($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n      ... on UpdateWorkspaceTokenPolicySuccess {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PolicyAndTokens {\n    viewer {\n      workspace {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n    }\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          createdAt\n          lastUsedAt\n          expiresAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PolicyAndTokens {\n    viewer {\n      workspace {\n        tokenPolicy {\n          maxLifetimeDays\n          inactivityRevokeDays\n          tokensRevealable\n        }\n      }\n    }\n    apiTokens(first: 50) {\n      edges {\n        node {\n          name\n          createdAt\n          lastUsedAt\n          expiresAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PolicyRotate($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        apiToken {\n          expiresAt\n          exceedsMaxLifetime\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PolicyRotate($input: RotateApiTokenInput!) {\n    rotateApiToken(input: $input) {\n      __typename\n      ... on RotateApiTokenSuccess {\n        apiToken {\n          expiresAt\n          exceedsMaxLifetime\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      status\n      suspendedReason\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      expiresAt\n      revealable\n    }\n  }\n"): (typeof documents)["\n  query TokenDetail($id: ID!) {\n    apiToken(id: $id) {\n      id\n      name\n      status\n      suspendedReason\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      expiresAt\n      revealable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenStatuses($filter: ApiTokenFilter, $first: Int, $after: String) {\n    apiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          status\n          suspendedReason\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokenStatuses($filter: ApiTokenFilter, $first: Int, $after: String) {\n    apiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          status\n          suspendedReason\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameForStatus($id: ID!, $name: String!) {\n    renameApiToken(input: { id: $id, name: $name }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RenameForStatus($id: ID!, $name: String!) {\n    renameApiToken(input: { id: $id, name: $name }) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionViewerAndTokenCount {\n    viewer {\n      email\n    }\n    ...SessionTokenCount\n  }\n  fragment SessionTokenCount on Query {\n    apiTokens {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query SessionViewerAndTokenCount {\n    viewer {\n      email\n    }\n    ...SessionTokenCount\n  }\n  fragment SessionTokenCount on Query {\n    apiTokens {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inventory($first: Int, $after: String, $filter: WorkspaceApiTokenFilter) {\n    workspaceApiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          suspendedReason\n          expiresAt\n          lastUsedAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n          owner {\n            id\n            email\n            name\n            role\n            workspace {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inventory($first: Int, $after: String, $filter: WorkspaceApiTokenFilter) {\n    workspaceApiTokens(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          suspendedReason\n          expiresAt\n          lastUsedAt\n          exceedsMaxLifetime\n          inactivityRevokeAt\n          owner {\n            id\n            email\n            name\n            role\n            workspace {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InventoryViewerWorkspace {\n    viewer {\n      workspace {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query InventoryViewerWorkspace {\n    viewer {\n      workspace {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InventoryPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation InventoryPolicy($input: UpdateWorkspaceTokenPolicyInput!) {\n    updateWorkspaceTokenPolicy(input: $input) {\n      __typename\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;