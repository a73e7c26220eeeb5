import { z } from "zod";
import { isoDate } from "@/lib/schemas/common";

export const auditQuery = z.object({
  actor: z.string().trim().max(200).optional(),
  resourceType: z.string().trim().max(40).optional(),
  action: z.string().trim().max(80).optional(),
  teamId: z.string().trim().max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().regex(/^\d{1,19}$/, "cursor must be the nextCursor of a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(["json", "csv"]).default("json"),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEventOutput = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  teamId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type AuditEventOutput = z.infer<typeof auditEventOutput>;

export const auditPageOutput = z.object({ data: z.array(auditEventOutput), nextCursor: z.string().nullable() });
