// The typed business errors returned as union members (see plugin-errors).
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { builder } from '../builder.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'A problem the caller can act on. Every error type has a human-readable message.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; `field` names the input field at fault.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: true }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The viewer is not allowed to do this.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No such object, or it belongs to someone else (the two are indistinguishable on purpose).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});
