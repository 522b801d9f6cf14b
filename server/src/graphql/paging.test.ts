import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  connectionFrom,
  DEFAULT_PAGE_SIZE,
  idCursor,
  MAX_PAGE_SIZE,
  pageRequestFrom,
  type PageArgs,
} from './paging.js';

const ID = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const rows = (...ns: number[]) => ns.map((n) => ({ id: ID(n) }));

function refusal(args: PageArgs): { message: string; extensions: Record<string, unknown> } {
  try {
    pageRequestFrom(args);
  } catch (error) {
    // By name: graphql-js may be loaded twice (ESM and CommonJS), so no instanceof.
    expect((error as Error).name).toBe('GraphQLError');
    return { message: (error as GraphQLError).message, extensions: (error as GraphQLError).extensions };
  }
  throw new Error(`accepted ${JSON.stringify(args)}`);
}

describe('pageRequestFrom', () => {
  it('pages forward by default, asking one row more than the page', () => {
    expect(pageRequestFrom({})).toEqual({
      size: DEFAULT_PAGE_SIZE,
      limit: DEFAULT_PAGE_SIZE + 1,
      direction: 'forward',
      cursor: null,
    });
    expect(pageRequestFrom({ first: 5, after: idCursor(ID(9)) })).toEqual({
      size: 5,
      limit: 6,
      direction: 'forward',
      cursor: ID(9),
    });
  });

  it('pages backward with last or before', () => {
    expect(pageRequestFrom({ last: 3 })).toMatchObject({ size: 3, direction: 'backward', cursor: null });
    expect(pageRequestFrom({ before: idCursor(ID(2)) })).toMatchObject({
      size: DEFAULT_PAGE_SIZE,
      direction: 'backward',
      cursor: ID(2),
    });
  });

  it('accepts the bounds and refuses anything outside them, never clamping', () => {
    expect(pageRequestFrom({ first: 1 }).size).toBe(1);
    expect(pageRequestFrom({ last: MAX_PAGE_SIZE }).size).toBe(MAX_PAGE_SIZE);
    for (const args of [{ first: 0 }, { first: MAX_PAGE_SIZE + 1 }, { last: -1 }, { first: 2.5 }]) {
      const { message, extensions } = refusal(args);
      expect(message).toMatch(/must be between 1 and 100/);
      expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: Object.keys(args)[0] });
    }
  });

  it('refuses mixed directions', () => {
    expect(refusal({ first: 1, last: 1 }).message).toMatch(/either "first" or "last"/);
    expect(refusal({ after: idCursor(ID(1)), before: idCursor(ID(2)) }).message).toMatch(/either "after" or "before"/);
    expect(refusal({ first: 1, before: idCursor(ID(1)) }).extensions.argument).toBe('first');
    expect(refusal({ last: 1, after: idCursor(ID(1)) }).extensions.argument).toBe('last');
  });

  it('refuses a cursor that is not one of ours or holds no id', () => {
    for (const cursor of [
      'nonsense',
      Buffer.from('GPC:S:not-a-uuid').toString('base64'),
      Buffer.from(`XYZ:S:${ID(1)}`).toString('base64'),
    ]) {
      expect(refusal({ after: cursor })).toMatchObject({
        message: 'Invalid cursor.',
        extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
      });
    }
    expect(refusal({ before: 'nonsense' }).extensions.argument).toBe('before');
  });
});

describe('connectionFrom', () => {
  it('drops the extra row of a forward page and says there is more', () => {
    const request = pageRequestFrom({ first: 2 });
    const connection = connectionFrom(request, rows(9, 8, 7));
    expect(connection.edges.map((edge) => edge.node.id)).toEqual([ID(9), ID(8)]);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: idCursor(ID(9)),
      endCursor: idCursor(ID(8)),
    });
  });

  it('drops the newest row of a full backward page', () => {
    const request = pageRequestFrom({ last: 2 });
    const connection = connectionFrom(request, rows(3, 2, 1));
    expect(connection.edges.map((edge) => edge.node.id)).toEqual([ID(2), ID(1)]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('says there is a page on the side it came from', () => {
    expect(connectionFrom(pageRequestFrom({ first: 5, after: idCursor(ID(9)) }), rows(8)).pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });
    expect(connectionFrom(pageRequestFrom({ last: 5, before: idCursor(ID(1)) }), rows(3, 2)).pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
    });
  });

  it('answers an empty page with null cursors', () => {
    expect(connectionFrom(pageRequestFrom({}), []).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
