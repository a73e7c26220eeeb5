import crypto from "node:crypto";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { authOptions } from "@/lib/auth/options";
import { can, canForTeam, type Role, type Scope } from "@/lib/auth/permissions";
import { findActorById } from "@/lib/db/users";
import { env } from "@/lib/env";

export type Actor = {
  kind: "user" | "token";
  id: string | null;
  email: string;
  name: string | null;
  role: Role;
  teamIds: string[];
};

/** The signed-in user, read fresh from the database (role changes and disabling take effect at once). */
export async function getSessionActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findActorById(id);
  if (!user) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: user.role, teamIds: user.memberships.map((m) => m.teamId) };
}

/** The session of an API request, read from its own cookie (no request-scoped globals, so handlers also run
 * outside Next's runtime, e.g. in integration tests with a real signed session cookie). */
export async function getRequestActor(req: { headers: Headers; cookies: { getAll(): { name: string; value: string }[] } }): Promise<Actor | null> {
  const token = await getToken({ req: req as never, secret: env().NEXTAUTH_SECRET, secureCookie: env().SWITCHYARD_SECURE_COOKIES });
  const id = typeof token?.uid === "string" ? token.uid : null;
  if (!id) return null;
  const user = await findActorById(id);
  if (!user) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: user.role, teamIds: user.memberships.map((m) => m.teamId) };
}

/** `Authorization: Bearer $SWITCHYARD_ADMIN_TOKEN` acts as an admin; unset token = automation disabled. */
export function actorFromAdminToken(authorization: string | null): Actor | null {
  const expected = env().SWITCHYARD_ADMIN_TOKEN;
  if (!expected || !authorization?.startsWith("Bearer ")) return null;
  const given = Buffer.from(authorization.slice(7).trim());
  const want = Buffer.from(expected);
  if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return null;
  return { kind: "token", id: null, email: "admin-token", name: "Admin token", role: "admin", teamIds: [] };
}

export function assertCan(actor: Actor | null, scope: Scope, teamId?: string): asserts actor is Actor {
  if (!actor) throw new AppError("unauthorized", "Sign in or send a valid admin token");
  const ok = teamId ? canForTeam(actor, scope, teamId) : can(actor.role, scope);
  if (!ok) throw new AppError("forbidden", `Your role (${actor.role}) does not allow ${scope}${teamId ? " on this team" : ""}`);
}

export { visibleTeamIds } from "@/lib/auth/permissions";

/** For server pages: anonymous -> /login, lacking the scope -> /forbidden. Every page calls it. */
export async function requirePage(scope: Scope, path: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!can(actor.role, scope)) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return actor;
}
