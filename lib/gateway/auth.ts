import { gatewayConfig } from "@/lib/gateway/config-cache";
import { errorResponse, type Protocol } from "@/lib/gateway/protocol";
import type { GatewayRequest, JsonAnswer } from "@/lib/gateway/lite-http";
import { hashApiKey, type KeyRuntime, type Snapshot, type TeamRuntime } from "@/lib/gateway/snapshot";

function bearer(req: GatewayRequest, protocol: Protocol): string | null {
  const auth = req.headers.get("authorization");
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, "").trim() || null;
  if (protocol === "anthropic" || !auth) return req.headers.get("x-api-key")?.trim() || null;
  return null;
}

/** Authenticate from the in-memory snapshot: hash, Map.get, expiry and revocation checks. */
export function authenticate(snapshot: Snapshot, token: string | null, now: number): { key: KeyRuntime; team: TeamRuntime } | string {
  if (!token) return "Missing API key: send it as `Authorization: Bearer <team key>`";
  if (token.length > 512) return "Invalid API key";
  const key = snapshot.keys.get(hashApiKey(token));
  if (!key) return "Invalid API key";
  if (key.revoked) return "This API key has been revoked";
  if (key.expiresAtMs !== null && key.expiresAtMs <= now) return "This API key has expired";
  const team = snapshot.teams.get(key.teamId);
  if (!team) return "This API key's team is archived";
  return { key, team };
}


/** Snapshot + key + team for a data-plane request, or the 401/503 response to send. No database round trip. */
export async function authenticateGatewayRequest(req: GatewayRequest, protocol: Protocol, requestId: string): Promise<{ snapshot: Snapshot; key: KeyRuntime; team: TeamRuntime } | JsonAnswer> {
  let snapshot: Snapshot;
  try {
    const s = gatewayConfig().get();
    snapshot = s instanceof Promise ? await s : s;
  } catch {
    return errorResponse(protocol, requestId, 503, "unavailable", "Switchyard cannot reach its database yet; retry shortly");
  }
  const auth = authenticate(snapshot, bearer(req, protocol), Date.now());
  if (typeof auth === "string") return errorResponse(protocol, requestId, 401, "invalid_api_key", auth);
  return { snapshot, ...auth };
}
