import type { Actor } from "@/lib/auth/session";
import { AppError } from "@/lib/api/errors";
import { canForTeam, type Scope } from "@/lib/auth/permissions";
import type { AuditInput } from "@/lib/services/audit";

/** Who is acting, and from where: every service that changes something takes one and audits with it. */
export type Caller = { actor: Actor; ip?: string | null };

export function auditBy(c: Caller, rest: Omit<AuditInput, "actorId" | "actorLabel" | "ip">): AuditInput {
  return { actorId: c.actor.id, actorLabel: c.actor.email, ip: c.ip ?? null, ...rest };
}

/** Team-scoped roles reach only their teams; the message does not reveal whether the team exists. */
export function assertTeamAccess(c: Caller, scope: Scope, teamId: string): void {
  if (!canForTeam(c.actor, scope, teamId)) throw new AppError("forbidden", `Your role (${c.actor.role}) does not allow ${scope} on this team`);
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const num = (d: { toString(): string } | null | undefined) => (d === null || d === undefined ? null : Number(d.toString()));
