import { Kind } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { builder } from '../builder.js';

// Strict ISO 8601 date-time with a time zone, e.g. 2027-01-31T12:00:00Z.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) {
    throw createGraphQLError('DateTime must be an ISO 8601 string with a time zone, e.g. "2030-01-31T12:00:00Z".', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw createGraphQLError(`"${value}" is not a valid date-time.`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO 8601 string in UTC (e.g. "2030-01-31T12:00:00.000Z").',
  serialize: (value) => value.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw createGraphQLError('DateTime must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseDateTime(ast.value);
  },
});
