import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/prisma/generated/client/client";
import { env } from "@/lib/env";

// One client per process; dev hot-reload would otherwise open a new pool per edit.
const globalForPrisma = globalThis as unknown as { switchyardPrisma?: PrismaClient };

function create(): PrismaClient {
  // No connection is made until the first query, so importing this module at build time is harmless.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 }) });
}

export const prisma: PrismaClient = globalForPrisma.switchyardPrisma ?? create();
if (env().NODE_ENV !== "production") globalForPrisma.switchyardPrisma = prisma;

export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export { Prisma } from "@/prisma/generated/client/client";
