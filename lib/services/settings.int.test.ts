import { describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/settings/route";
import { prisma } from "@/lib/db/client";
import { getSwapPolicy } from "@/lib/services/swaps";
import { adminToken, call } from "@/lib/testing/api";
import { makeModel, makeProvider } from "@/lib/testing/factories";

describe("settings: judge model and swap policy", () => {
  it("sets the judge and a partial swap policy, refuses unknown models and decreasing steps, and audits", async () => {
    const p = await makeProvider({ baseUrl: "https://api.example.com/v1" });
    const m = await makeModel({ providerId: p.id, upstreamModel: "gpt-4o" });
    const ok = await call(route.PUT, { method: "PUT", as: adminToken(), body: { judgeModel: m.name, swapPolicy: { margin: 0.03, canarySteps: [10, 50, 100] } } });
    expect(ok.status).toBe(200);
    expect(ok.body.judgeModel).toBe(m.name);
    expect(ok.body.swapPolicy).toMatchObject({ margin: 0.03, canarySteps: [10, 50, 100] });
    expect((await getSwapPolicy()).margin).toBe(0.03);

    const unknown = await call(route.PUT, { method: "PUT", as: adminToken(), body: { judgeModel: "no-such-model" } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].path).toBe("judgeModel");
    const steps = await call(route.PUT, { method: "PUT", as: adminToken(), body: { swapPolicy: { canarySteps: [50, 25] } } });
    expect(steps.status).toBe(422);
    const badMargin = await call(route.PUT, { method: "PUT", as: adminToken(), body: { swapPolicy: { margin: 2 } } });
    expect(badMargin.status).toBe(400);
    expect(await prisma.auditEvent.count({ where: { resourceId: "swaps.policy" } })).toBeGreaterThan(0);

    const off = await call(route.PUT, { method: "PUT", as: adminToken(), body: { judgeModel: null, swapPolicy: { margin: 0.02, canarySteps: [5, 25, 50, 100] } } });
    expect(off.body.judgeModel).toBeNull();
  });
});
