// One structured JSON line per GraphQL request: request id (echoed in
// X-Request-Id), method, path, operation, status, duration, user and token ids.
// Never the Authorization header, the token or its digest.
import type { DefinitionNode, OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { annotateRequest, operationLabel, requestInfo, startRequestInfo } from './request-info.js';

export function requestLogPlugin(logger: Logger): Plugin {
  return {
    onRequest({ request }) {
      startRequestInfo(request);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const operation = (args.document.definitions as readonly DefinitionNode[]).find(
        (d): d is OperationDefinitionNode =>
          d.kind === 'OperationDefinition' && (!args.operationName || d.name?.value === args.operationName),
      );
      annotateRequest(request, { operationName: operation?.name?.value, operationType: operation?.operation });
    },
    onResponse({ request, response }) {
      const info = requestInfo(request);
      response.headers.set('x-request-id', info.requestId);
      const url = new URL(request.url);
      const status = response.status;
      const line = {
        requestId: info.requestId,
        method: request.method,
        path: url.pathname,
        operation: operationLabel(info),
        status,
        durationMs: Math.round((performance.now() - info.startedAt) * 100) / 100,
        userId: info.userId,
        tokenId: info.tokenId,
        authFailure: info.authFailure,
        rateLimited: info.rateLimited,
      };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    },
  };
}
