import { NextResponse, type NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { isCrossSiteMutation } from "@/lib/api/csrf";
import { AppError } from "@/lib/api/errors";
import { newRequestId } from "@/lib/api/request-id";
import type { Scope } from "@/lib/auth/permissions";
import { actorFromAdminToken, assertCan, getRequestActor, type Actor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

type Ctx<B, Q> = { req: NextRequest; actor: Actor; body: B; query: Q; params: Record<string, string>; requestId: string; ip: string | null };
type Options<B, Q> = { scope: Scope; body?: ZodType<B>; query?: ZodType<Q>; /** body is optional (an empty body parses as {}) */ optionalBody?: boolean };

export function errorResponse(err: unknown, requestId: string): NextResponse {
  if (err instanceof AppError) {
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details, requestId } }, { status: err.status });
  }
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    return NextResponse.json(
      { error: { code: "bad_request", message: first ? `${first.path || "body"}: ${first.message}` : "Invalid input", details, requestId } },
      { status: 400 },
    );
  }
  const code = (err as { code?: string } | null)?.code;
  if (code === "P2002") {
    const field = uniqueField(err);
    return NextResponse.json({ error: { code: "conflict", message: field ? `A record with this ${field} already exists` : "Already exists", requestId } }, { status: 409 });
  }
  if (code === "P2025") return NextResponse.json({ error: { code: "not_found", message: "Not found", requestId } }, { status: 404 });
  logger.error("unhandled error in control-plane handler", { requestId, error: err instanceof Error ? err.message : String(err) });
  return NextResponse.json({ error: { code: "internal", message: "Internal error", requestId } }, { status: 500 });
}

/** Which field a unique violation is about. Prisma 7 with the pg adapter reports the constraint under
 * meta.driverAdapterError.cause.constraint ({fields} or {index: "teams_slug_key"}), older engines as meta.target. */
export function uniqueField(err: unknown): string | null {
  const meta = (err as { meta?: { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } } } }).meta;
  if (Array.isArray(meta?.target)) return meta.target.join(", ");
  if (typeof meta?.target === "string") return meta.target;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  if (constraint?.fields?.length) return constraint.fields.map((f) => f.replace(/"/g, "")).join(", ");
  // "teams_slug_key" -> "slug" (our table names are one word).
  if (constraint?.index) return constraint.index.replace(/^[a-z]+_/, "").replace(/_key$/, "");
  return null;
}

const publicOrigin = () => {
  const url = env().NEXTAUTH_URL;
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/** The control-plane wrapper: admin token or session -> CSRF check (sessions) -> scope check -> zod parsing ->
 * error mapping. Every /api/v1 handler goes through it, so authorization never depends on middleware. */
export function withSession<B = undefined, Q = undefined>(opts: Options<B, Q>, fn: (ctx: Ctx<B, Q>) => Promise<unknown>) {
  return async (req: NextRequest, route?: { params: Promise<Record<string, string>> }) => {
    const requestId = newRequestId();
    try {
      let actor = actorFromAdminToken(req.headers.get("authorization"));
      if (!actor) {
        actor = await getRequestActor(req);
        if (actor && isCrossSiteMutation(req.method, req.headers, publicOrigin())) {
          throw new AppError("forbidden", "Cross-site request refused: send it from the Switchyard app (Origin must match)");
        }
      }
      assertCan(actor, opts.scope);
      let body = undefined as B;
      if (opts.body) {
        const text = await req.text();
        let raw: unknown;
        if (text.trim() === "" && opts.optionalBody) raw = {};
        else {
          try {
            raw = JSON.parse(text);
          } catch {
            throw new AppError("bad_request", "Body must be valid JSON");
          }
        }
        body = opts.body.parse(raw);
      }
      const query = (opts.query ? opts.query.parse(Object.fromEntries(req.nextUrl.searchParams)) : undefined) as Q;
      const params = (await route?.params) ?? {};
      const ip = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
      const result = await fn({ req, actor, body, query, params, requestId, ip });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

/** 201 with a JSON body. */
export const created = (body: unknown) => NextResponse.json(body, { status: 201 });
