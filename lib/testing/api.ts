import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import type { Role } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { uid } from "@/lib/testing/factories";

// Calls control-plane route handlers in process, authenticated exactly as in production: a real signed
// next-auth session cookie (or the admin token), read by the handler from the request itself.

export const TEST_ORIGIN = "http://switchyard.test";
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type As = { cookie: string } | { token: string } | null;

/** A user with a role (and team memberships), and the session cookie a browser would hold for them. */
export async function makeUser(role: Role, teams: { teamId: string; role?: "team_lead" | "viewer" }[] = []) {
  const user = await prisma.user.create({ data: { email: `${uid(role)}@example.test`, role } });
  if (teams.length) await prisma.teamMember.createMany({ data: teams.map((t) => ({ teamId: t.teamId, userId: user.id, role: t.role ?? (role === "team_lead" ? "team_lead" : "viewer") })) });
  const jwt = await encode({ token: { uid: user.id, sub: user.id, email: user.email }, secret: env().NEXTAUTH_SECRET! });
  return { user, as: { cookie: `next-auth.session-token=${jwt}` } as As };
}

export const adminToken = (): As => ({ token: env().SWITCHYARD_ADMIN_TOKEN! });

export async function call(
  handler: Handler,
  opts: { method?: string; path?: string; params?: Record<string, string>; body?: unknown; rawBody?: string; as: As; headers?: Record<string, string> },
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const method = opts.method ?? (opts.body === undefined && opts.rawBody === undefined ? "GET" : "POST");
  const headers = new Headers({ host: new URL(TEST_ORIGIN).host, ...(opts.headers ?? {}) });
  if (opts.as && "cookie" in opts.as) {
    headers.set("cookie", opts.as.cookie);
    // What a browser sends with a same-origin fetch; tests of CSRF override or delete it.
    if (method !== "GET" && !opts.headers?.origin && opts.headers?.origin !== "") headers.set("origin", TEST_ORIGIN);
  }
  if (opts.as && "token" in opts.as) headers.set("authorization", `Bearer ${opts.as.token}`);
  if (opts.headers && opts.headers.origin === "") headers.delete("origin");
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers.set("content-type", "application/json");
  const req = new NextRequest(new URL(opts.path ?? "/api/v1/x", TEST_ORIGIN), { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
