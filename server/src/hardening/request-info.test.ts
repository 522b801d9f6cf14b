import { describe, expect, it } from 'vitest';
import { annotateRequest, operationLabel, requestInfo, startRequestInfo, type RequestInfo } from './request-info.js';

const request = (headers: Record<string, string> = {}) =>
  new Request('http://localhost/graphql', { method: 'POST', headers });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request id', () => {
  it.each(['abc', 'A.b_c:d-1', 'x'.repeat(64), '4bf92f3577b34da6a3ce929d0e0e4736'])(
    'keeps a well-formed X-Request-Id (%s)',
    (id) => {
      expect(startRequestInfo(request({ 'x-request-id': id })).requestId).toBe(id);
    },
  );

  it.each([
    ['too long', 'x'.repeat(65)],
    ['a space', 'a b'],
    ['a quote', 'a"b'],
    ['a slash', 'a/b'],
    ['a non-ASCII letter', 'é'],
    ['empty', ''],
  ])('replaces one with %s by a fresh UUID (it reaches logs and headers)', (_label, id) => {
    expect(startRequestInfo(request({ 'x-request-id': id })).requestId).toMatch(UUID);
  });

  it('gives every request without one its own UUID', () => {
    const ids = new Set(Array.from({ length: 50 }, () => startRequestInfo(request()).requestId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('notes when the request started, on the monotonic clock', () => {
    const before = performance.now();
    const { startedAt } = startRequestInfo(request());
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(startedAt).toBeLessThanOrEqual(performance.now());
  });
});

describe('one info per request', () => {
  it('is started on first read and the same object afterwards', () => {
    const req = request({ 'x-request-id': 'first-read' });
    const info = requestInfo(req);
    expect(info.requestId).toBe('first-read');
    expect(requestInfo(req)).toBe(info);
  });

  it('is not shared between requests', () => {
    const [a, b] = [request(), request()];
    annotateRequest(a, { userId: 'u1' });
    expect(requestInfo(a).userId).toBe('u1');
    expect(requestInfo(b).userId).toBeUndefined();
  });

  it('collects annotations from several hooks, a later value replacing an earlier one', () => {
    const req = request();
    const { requestId } = startRequestInfo(req);
    annotateRequest(req, { operationName: 'Viewer', operationType: 'query' });
    annotateRequest(req, { userId: 'u1', tokenId: 't1' });
    annotateRequest(req, { rateLimited: 'token_requests', operationName: 'Other' });
    expect(requestInfo(req)).toMatchObject({
      requestId,
      operationName: 'Other',
      operationType: 'query',
      userId: 'u1',
      tokenId: 't1',
      rateLimited: 'token_requests',
    });
  });
});

describe('operationLabel', () => {
  const label = (fields: Partial<RequestInfo>) => operationLabel({ requestId: 'r', startedAt: 0, ...fields });

  it('is the operation name when it is a GraphQL name of at most 64 characters', () => {
    expect(label({ operationName: 'ApiTokens', operationType: 'query' })).toBe('ApiTokens');
    expect(label({ operationName: '_private_1' })).toBe('_private_1');
    expect(label({ operationName: `A${'b'.repeat(63)}` })).toBe(`A${'b'.repeat(63)}`);
  });

  it('names an anonymous operation by its type, and no operation at all as none', () => {
    expect(label({ operationType: 'mutation' })).toBe('anonymous mutation');
    expect(label({ operationName: '', operationType: 'query' })).toBe('anonymous query');
    expect(label({})).toBe('none');
  });

  it.each([
    ['too long', `A${'b'.repeat(64)}`],
    ['a leading digit', '1Query'],
    ['a dash', 'my-query'],
    ['a space', 'My Query'],
    ['a label-breaking quote', 'a"} 1\nevil{'],
    ['non-ASCII', 'Requête'],
  ])('is "invalid" for a name with %s: metric labels stay bounded', (_label, operationName) => {
    expect(label({ operationName, operationType: 'query' })).toBe('invalid');
  });
});
