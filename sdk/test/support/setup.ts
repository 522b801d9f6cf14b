// One real server over a fresh database per test file, and SDK clients for it.
import { afterAll, beforeAll } from 'vitest';
import { createClient, type ClientOptions } from '../../src/index.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { createUserWithToken, startTestServer, type Fixture, type TestServer } from '../../../test/support/server.js';

export interface Live {
  server: TestServer;
  database: TestDatabase;
  endpoint: string;
}

/** Registers beforeAll/afterAll hooks; the returned object is filled before the first test. */
export function useLiveServer(env?: Record<string, string>): Live {
  const live = {} as Live;
  beforeAll(async () => {
    live.database = await createTestDatabase();
    live.server = await startTestServer(live.database, env ? { env } : {});
    live.endpoint = `${live.server.url}/graphql`;
  });
  afterAll(async () => {
    await live.server?.stop();
    await live.database?.drop();
  });
  return live;
}

/** A fresh user (workspace, token) and an SDK client using that token. */
export async function userClient(
  live: Live,
  options: Parameters<typeof createUserWithToken>[1] = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<{ fixture: Fixture; client: ReturnType<typeof createClient> }> {
  const fixture = await createUserWithToken(live.server, options);
  return { fixture, client: createClient({ url: live.endpoint, token: fixture.token, ...clientOptions }) };
}
