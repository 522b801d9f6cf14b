// What one request turned out to be (operation, caller, outcome), collected by
// the app's hooks and read by request logging and metrics. Keyed by the request;
// never holds a token or digest.
export interface RequestInfo {
  requestId: string;
  startedAt: number;
  operationName?: string | undefined;
  operationType?: string | undefined;
  userId?: string | undefined;
  tokenId?: string | undefined;
  authFailure?: string | undefined;
  rateLimited?: string | undefined;
}

const infos = new WeakMap<Request, RequestInfo>();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function startRequestInfo(request: Request): RequestInfo {
  const given = request.headers.get('x-request-id');
  const info: RequestInfo = {
    requestId: given && REQUEST_ID.test(given) ? given : crypto.randomUUID(),
    startedAt: performance.now(),
  };
  infos.set(request, info);
  return info;
}

export function requestInfo(request: Request): RequestInfo {
  return infos.get(request) ?? startRequestInfo(request);
}

export function annotateRequest(request: Request, fields: Partial<RequestInfo>): void {
  Object.assign(requestInfo(request), fields);
}

/** The operation's name for logs and metric labels: bounded, never arbitrary input. */
export function operationLabel(info: Pick<RequestInfo, 'operationName' | 'operationType'>): string {
  const name = info.operationName;
  if (!name) return info.operationType ? `anonymous ${info.operationType}` : 'none';
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'invalid';
}
