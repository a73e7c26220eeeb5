import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One client per process; dev hot-reload would otherwise open a new pool per edit.
const globalForPrisma = globalThis as unknown as { switchyardPrisma?: PrismaClient };

function create(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Switchyard with `npm start`, which provides it");
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

export const prisma: PrismaClient = globalForPrisma.switchyardPrisma ?? create();
if (env().NODE_ENV !== "production") globalForPrisma.switchyardPrisma = prisma;

export type Db = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export { Prisma } from "@/lib/generated/prisma/client";
