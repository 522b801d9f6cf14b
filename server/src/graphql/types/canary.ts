// Canary tokens on the schema: whether a token is one, and its trips (each use,
// refused as if the token did not exist, with when and from where). Reads go
// through TokenService; creating one is `CreateApiTokenInput.canary`.
import { TRIPS_KEPT, type CanaryTrip as Trip } from '../../tokens/canary.js';
import { builder } from '../builder.js';
import { assertPageArgs } from '../paging.js';
import { ApiToken } from './api-token.js';

const CanaryTrip = builder.objectRef<Trip>('CanaryTrip').implement({
  description:
    'One use of a canary token (the request was refused exactly as for an unknown token), or a report that it was found in public.',
  fields: (t) => ({
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    ip: t.exposeString('ip', {
      nullable: true,
      description: 'The caller’s address (behind a proxy only with TRUST_PROXY); null for a report.',
    }),
    userAgent: t.exposeString('userAgent', { nullable: true, description: 'The caller’s User-Agent.' }),
    foundAtUrl: t.exposeString('foundAtUrl', {
      nullable: true,
      description:
        'Set when a secret-scanning program reported the canary found in public, at this URL (may be empty); no request was made then.',
    }),
  }),
});

builder.objectFields(ApiToken, (t) => ({
  canary: t.exposeBoolean('canary', {
    description:
      'A canary token never authenticates anything: every request with it is refused exactly as with an unknown token, and recorded as a trip.',
  }),
  canaryTripCount: t.exposeInt('canaryTripCount', {
    description: 'Trips of a canary recorded so far (0 for any other token).',
  }),
  canaryTrips: t.field({
    type: [CanaryTrip],
    args: {
      first: t.arg.int({ required: false, description: `How many, newest first (1–${TRIPS_KEPT}; default 20).` }),
    },
    description: `A canary's latest trips, newest first (the latest ${TRIPS_KEPT} are kept). Empty for any other token. One statement per canary token: select it on one token, not on a list.`,
    resolve: (token, args, ctx) => {
      assertPageArgs({ first: args.first });
      // Only canaries have trips: a list of ordinary tokens costs no statement.
      return token.canary ? ctx.tokens.canaryTrips(token.ownerId, token.id, args.first ?? 20) : [];
    },
  }),
}));
