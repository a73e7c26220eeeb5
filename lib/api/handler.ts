import { newRequestId } from "@/lib/api/request-id";
import { NextResponse, type NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { AppError } from "@/lib/api/errors";
import { actorFromAdminToken, assertCan, getSessionActor, type Actor } from "@/lib/auth/session";
import type { Scope } from "@/lib/auth/permissions";
import { logger } from "@/lib/logger";

type Ctx<B, Q> = { req: NextRequest; actor: Actor; body: B; query: Q; params: Record<string, string>; requestId: string };
type Options<B, Q> = { scope: Scope; body?: ZodType<B>; query?: ZodType<Q> };

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
  if (code === "P2002") return NextResponse.json({ error: { code: "conflict", message: "Already exists", requestId } }, { status: 409 });
  if (code === "P2025") return NextResponse.json({ error: { code: "not_found", message: "Not found", requestId } }, { status: 404 });
  logger.error("unhandled error in control-plane handler", { requestId, error: err instanceof Error ? err.message : String(err) });
  return NextResponse.json({ error: { code: "internal", message: "Internal error", requestId } }, { status: 500 });
}

/** The control-plane wrapper: admin token or session -> scope check -> zod parsing -> error mapping.
 * Every /api/v1 handler goes through it, so authorization never depends on middleware. */
export function withSession<B = undefined, Q = undefined>(
  opts: Options<B, Q>,
  fn: (ctx: Ctx<B, Q>) => Promise<unknown>,
) {
  return async (req: NextRequest, route: { params: Promise<Record<string, string>> }) => {
    const requestId = newRequestId();
    try {
      const actor = actorFromAdminToken(req.headers.get("authorization")) ?? (await getSessionActor());
      assertCan(actor, opts.scope);
      let body = undefined as B;
      if (opts.body) {
        let raw: unknown;
        try {
          raw = await req.json();
        } catch {
          throw new AppError("bad_request", "Body must be valid JSON");
        }
        body = opts.body.parse(raw);
      }
      const query = (opts.query ? opts.query.parse(Object.fromEntries(req.nextUrl.searchParams)) : undefined) as Q;
      const params = (await route?.params) ?? {};
      const result = await fn({ req, actor, body, query, params, requestId });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
