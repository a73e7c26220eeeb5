import { prisma, type Db } from "@/lib/db/client";
import { redact } from "@/lib/services/redact";
import type { Prisma } from "@/prisma/generated/client/client";

export type AuditInput = {
  actorId?: string | null;
  actorLabel: string;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  teamId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(redact(v))) as Prisma.InputJsonValue));

export async function recordAudit(input: AuditInput, db: Db = prisma): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: input.actorId ?? null,
      actorLabel: input.actorLabel,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      teamId: input.teamId ?? null,
      before: json(input.before),
      after: json(input.after),
      ip: input.ip ?? null,
    },
  });
}
