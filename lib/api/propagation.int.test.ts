import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import * as keyRoute from "@/app/api/v1/teams/[teamId]/keys/[keyId]/route";
import * as keysRoute from "@/app/api/v1/teams/[teamId]/keys/route";
import * as teamRoute from "@/app/api/v1/teams/[teamId]/route";
import * as policyRoute from "@/app/api/v1/teams/[teamId]/routing-policy/route";
import * as teamsRoute from "@/app/api/v1/teams/route";
import { startDemoUpstream, type DemoUpstream } from "@/lib/demo-upstream/server";
import { gatewayConfig } from "@/lib/gateway/config-cache";
import { GATEWAY_ROUTES } from "@/lib/gateway/routes";
import { adminToken, call } from "@/lib/testing/api";
import { uid } from "@/lib/testing/factories";
import { serveRoutes } from "@/lib/testing/serve";

// "A change made in the console reaches the gateway within a second": every change below goes through the
// control-plane route handlers; the gateway (real routes over HTTP, its own config cache) is only ever polled.
// The bound asserted is 3 s so a loaded CI machine does not flake; the measured time is printed.

const BOUND_MS = 3000;
type Handler = Parameters<typeof call>[0];
const admin = (h: unknown, o: Omit<Parameters<typeof call>[1], "as">) => call(h as Handler, { as: adminToken(), ...o });

let upstream: DemoUpstream;
let gateway: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  upstream = await startDemoUpstream({ latencyScale: 0 });
  await gatewayConfig().load(); // the gateway is up and polling before the admin starts working
  gateway = await serveRoutes(GATEWAY_ROUTES);
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

function chat(key: string) {
  return fetch(`${gateway.url}/api/route/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: "hello there" }] }),
  });
}

/** Polls the gateway every 50 ms until `done` holds; returns the last response and the time it took. */
async function until(key: string, done: (res: Response) => boolean, label: string): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  for (;;) {
    const res = await chat(key);
    await res.arrayBuffer();
    const ms = Math.round(performance.now() - started);
    if (done(res)) {
      console.log(`propagation: ${label} reached the gateway in ${ms} ms`);
      return { res, ms };
    }
    if (ms > BOUND_MS * 2) return { res, ms };
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("console -> gateway propagation", () => {
  it("a new provider, model, team, key and policy serve traffic; a policy change switches the model; a revoked key and an archived team stop", async () => {
    const provider = await admin(providersRoute.POST, { body: { name: uid("prov"), kind: "openai", baseUrl: `${upstream.url}/v1`, apiKey: "sk-demo-test-key" } });
    expect(provider.status, provider.text).toBe(201);
    const mk = async (upstreamModel: string) => {
      const m = await admin(modelsRoute.POST, { body: { providerId: provider.body.id, name: uid("model"), upstreamModel, inputPricePerMTok: 1, outputPricePerMTok: 2 } });
      expect(m.status, m.text).toBe(201);
      return m.body.name as string;
    };
    const gpt4 = await mk("gpt-4-1106-preview");
    const mixtral = await mk("mistralai/Mixtral-8x7B-Instruct-v0.1");
    const team = await admin(teamsRoute.POST, { body: { name: uid("Team"), slug: uid("team") } });
    expect(team.status).toBe(201);
    const teamId = team.body.id as string;
    const put = await admin(policyRoute.PUT, { method: "PUT", params: { teamId }, body: { rules: [], defaultModels: [gpt4] } });
    expect(put.status, put.text).toBe(200);
    const created = await admin(keysRoute.POST, { params: { teamId }, body: { name: "propagation" } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;

    // 1. the new key works and is routed to the new model
    const first = await until(key, (r) => r.status === 200, "new key + policy");
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get("x-switchyard-model")).toBe(gpt4);
    expect(first.ms).toBeLessThan(BOUND_MS);
    expect(upstream.requests.at(-1)!.body).toMatchObject({ model: "gpt-4-1106-preview" });

    // 2. a policy change switches the model
    const changed = await admin(policyRoute.PUT, { method: "PUT", params: { teamId }, body: { rules: [], defaultModels: [mixtral, gpt4] } });
    expect(changed.status).toBe(200);
    const switched = await until(key, (r) => r.headers.get("x-switchyard-model") === mixtral, "policy change");
    expect(switched.res.status).toBe(200);
    expect(switched.res.headers.get("x-switchyard-model")).toBe(mixtral);
    expect(switched.ms).toBeLessThan(BOUND_MS);
    expect(upstream.requests.at(-1)!.body).toMatchObject({ model: "mistralai/Mixtral-8x7B-Instruct-v0.1" });

    // 3. a revoked key is refused
    const revoked = await admin(keyRoute.DELETE, { method: "DELETE", params: { teamId, keyId: created.body.id } });
    expect(revoked.status).toBe(200);
    const refused = await until(key, (r) => r.status === 401, "key revocation");
    expect(refused.res.status).toBe(401);
    expect(refused.ms).toBeLessThan(BOUND_MS);

    // 4. archiving the team stops its other keys
    const second = await admin(keysRoute.POST, { params: { teamId }, body: { name: "second" } });
    expect(second.status).toBe(201);
    const up = await until(second.body.key, (r) => r.status === 200, "second key");
    expect(up.res.status).toBe(200);
    const archived = await admin(teamRoute.DELETE, { method: "DELETE", params: { teamId } });
    expect(archived.status).toBe(200);
    const stopped = await until(second.body.key, (r) => r.status === 401, "team archive");
    expect(stopped.res.status).toBe(401);
    expect(stopped.ms).toBeLessThan(BOUND_MS);
  });
});
