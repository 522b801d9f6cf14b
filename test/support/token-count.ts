// A user's stored token count, as `totalCount` reads it: the sum of the user's
// shards in api_token_counts (migration 20261204100000), kept by triggers.
import type { Database } from '../../server/src/db/database.js';

export async function storedTokenCount(
  prisma: Pick<Database['prisma'], 'apiTokenCount'>,
  userId: string,
): Promise<number> {
  const { _sum } = await prisma.apiTokenCount.aggregate({ where: { userId }, _sum: { count: true } });
  return _sum.count ?? 0;
}
