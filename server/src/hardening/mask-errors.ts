// What a client sees of an error: Yoga's masking ("Unexpected error.") for bugs,
// a 503 for a database outage, and a caller's mistake caught by Pothos' own
// argument checks as the input error it is.
import { GraphQLError } from 'graphql';
import { createGraphQLError, maskError, type YogaServerOptions } from 'graphql-yoga';
import { databaseUnavailableError, isDatabaseUnavailable } from './db-faults.js';

type MaskedErrors = Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>;

export function maskedErrors(isDev: boolean): MaskedErrors {
  return {
    isDev,
    maskError: (error, message, dev) => {
      if (isDatabaseUnavailable(error)) return databaseUnavailableError();
      const original = error instanceof GraphQLError ? error.originalError : error;
      // Pothos rejects impossible arguments (e.g. a negative page size) with a
      // validation error: that is the caller's mistake, so say so.
      if (original instanceof Error && original.name === 'PothosValidationError') {
        return createGraphQLError(original.message, {
          extensions: { code: 'BAD_USER_INPUT' },
          path: error instanceof GraphQLError ? error.path : undefined,
        });
      }
      return maskError(error, message, dev);
    },
  };
}
