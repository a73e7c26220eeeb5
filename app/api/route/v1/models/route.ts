import { newRequestId } from "@/lib/api/request-id";
import { authenticateGatewayRequest } from "@/lib/gateway/auth";

export const dynamic = "force-dynamic";

// GET /api/route/v1/models - the models and aliases this key's team may use (OpenAI list shape)
export async function GET(req: Request) {
  const requestId = newRequestId();
  const auth = await authenticateGatewayRequest(req, "openai", requestId);
  if (auth instanceof Response) return auth;
  const { catalog, providers } = auth.snapshot;
  const allowed = auth.team.policy.allowed;
  const data = [...catalog.byId.values()]
    .filter((m) => m.enabled && (!allowed || allowed.has(m.id)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({
      id: m.name,
      object: "model",
      created: 0,
      owned_by: providers.get(m.providerId)?.name ?? "switchyard",
      aliases: m.aliases,
      in_house: m.inHouse,
      context_window: m.contextWindow,
    }));
  data.push({ id: "auto", object: "model", created: 0, owned_by: "switchyard", aliases: [], in_house: false, context_window: null });
  return Response.json({ object: "list", data }, { headers: { "x-switchyard-request-id": requestId } });
}
