// The Relay `node(id:)` and `nodes(ids:)` fields. The relay plugin's own fields
// throw on an id they cannot decode and on a type that cannot be loaded; here
// anything the viewer may not see or that does not exist is simply null, so that
// an id reveals nothing and a client's refetch never errors. Each node type's
// `findUnique` (with `nullable: true`) decides what the viewer may see.
import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLInterfaceType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { isUuid } from '../../ids.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

// The object types that implement Node, by schema (read by name: no instanceof
// checks, which fail across copies of graphql-js).
const nodeTypesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();
function nodeTypes(schema: GraphQLSchema): ReadonlySet<string> {
  let names = nodeTypesBySchema.get(schema);
  if (!names) {
    const node = schema.getType('Node') as GraphQLInterfaceType;
    names = new Set(schema.getImplementations(node).objects.map((type) => type.name));
    nodeTypesBySchema.set(schema, names);
  }
  return names;
}

/** The type and database id behind a global id, or null when it cannot name a node (never looked up). */
function nodeIdFrom(globalId: string, info: GraphQLResolveInfo): { typename: string; id: string } | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return null;
  }
  return nodeTypes(info.schema).has(decoded.typename) && isUuid(decoded.id) ? decoded : null;
}

function lookUp(globalIds: readonly string[], ctx: GraphQLContext, info: GraphQLResolveInfo) {
  return resolveNodes(
    builder,
    ctx,
    info,
    globalIds.map((globalId) => nodeIdFrom(globalId, info)),
  );
}

const Node = builder.nodeInterfaceRef();

builder.queryFields((t) => ({
  node: t.field({
    type: Node,
    nullable: true,
    authScopes: { tokenScope: 'TOKENS_READ' },
    description: 'Any object by its global ID; null when it does not exist or the viewer may not see it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx, info) => (await lookUp([String(id)], ctx, info))[0],
  }),
  nodes: t.field({
    type: [Node],
    authScopes: { tokenScope: 'TOKENS_READ' },
    nullable: { list: false, items: true },
    description:
      'Objects by their global IDs, in order; null for each one that does not exist or the viewer may not see.',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx, info) => lookUp(ids.map(String), ctx, info),
  }),
}));
