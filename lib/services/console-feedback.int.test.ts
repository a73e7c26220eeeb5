import { describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/requests/[requestId]/feedback/route";
import { prisma } from "@/lib/db/client";
import { call, makeUser } from "@/lib/testing/api";
import { makeTeam, uid } from "@/lib/testing/factories";

describe("feedback from the console's request detail", () => {
  it("records an evaluation for the serving model, only on the caller's teams", async () => {
    const { team } = await makeTeam({ defaults: [] });
    const { team: other } = await makeTeam({ defaults: [] });
    const id = `req_${uid("fb")}`;
    await prisma.requestLog.create({ data: { id, teamId: team.id, endpoint: "chat.completions", task: "writing", requestedModel: "auto", modelName: "mixtral-x", status: "success", httpStatus: 200, latencyMs: 5 } });
    const { as: lead } = await makeUser("team_lead", [{ teamId: team.id }]);
    const { as: stranger } = await makeUser("team_lead", [{ teamId: other.id }]);

    const ok = await call(route.POST, { as: lead, params: { requestId: id }, body: { score: 0, label: "bad" } });
    expect(ok.status).toBe(201);
    const ev = await prisma.evaluation.findFirstOrThrow({ where: { requestId: id } });
    expect(ev).toMatchObject({ teamId: team.id, task: "writing", modelName: "mixtral-x", source: "feedback", score: 0, label: "bad" });

    expect((await call(route.POST, { as: stranger, params: { requestId: id }, body: { score: 1 } })).status).toBe(403);
    expect((await call(route.POST, { as: lead, params: { requestId: "req_nope" }, body: { score: 1 } })).status).toBe(404);
    expect((await call(route.POST, { as: lead, params: { requestId: id }, body: { score: 2 } })).status).toBe(400);
  });
});
