import { describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/teams/[teamId]/graders/route";
import { DELETE as deleteRoute, PATCH as patchRoute } from "@/app/api/v1/teams/[teamId]/graders/[graderId]/route";
import { prisma } from "@/lib/db/client";
import { graderOutput } from "@/lib/schemas/graders";
import { call, makeUser } from "@/lib/testing/api";
import { makeModel, makeProvider, makeTeam } from "@/lib/testing/factories";

// Grader configurations through the API as the people who use them: a team lead on their own team (and not on
// another team's grader through their own team's path), a viewer who can only look, and the per-grader counts.

async function twoTeams() {
  const p = await makeProvider({ baseUrl: "http://10.255.255.1/v1" });
  const m = await makeModel({ providerId: p.id, upstreamModel: "x" });
  const [a, b] = await Promise.all([makeTeam({ defaults: [m.id] }), makeTeam({ defaults: [m.id] })]);
  return { a: a.team.id, b: b.team.id };
}

const regex = (pattern: string) => ({ kind: "regex", pattern });

describe("graders API", () => {
  it("a team lead manages their team's graders; another team's grader is a 404 through their path, untouched", async () => {
    const { a, b } = await twoTeams();
    const lead = await makeUser("team_lead", [{ teamId: a }]);
    const made = await call(createRoute, { method: "POST", params: { teamId: a }, body: { name: "Order-ID", task: "extraction", sampleRate: 0.25, definition: regex("ORD-\\d+") }, as: lead.as });
    expect(made.status, made.text).toBe(201);
    expect(graderOutput.parse(made.body)).toMatchObject({ teamId: a, name: "order-id", task: "extraction", kind: "regex", sampleRate: 0.25, enabled: true, version: 1, grader: "order-id@1", stats: { n: 0, mean: null } });

    const other = await prisma.graderConfig.create({ data: { teamId: b, name: "theirs", task: "code", kind: "judge", definition: { kind: "judge" } } });
    const forged = await call(patchRoute, { method: "PATCH", params: { teamId: a, graderId: other.id }, body: { enabled: false }, as: lead.as });
    expect(forged.status).toBe(404);
    expect((await call(deleteRoute, { method: "DELETE", params: { teamId: a, graderId: other.id }, as: lead.as })).status).toBe(404);
    expect(await prisma.graderConfig.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ enabled: true });
    expect((await call(listRoute, { params: { teamId: b }, as: lead.as })).status).toBe(403);

    const viewer = await makeUser("viewer", [{ teamId: a }]);
    const seen = await call(listRoute, { params: { teamId: a }, as: viewer.as });
    expect(seen.body.data.map((g: { name: string }) => g.name)).toEqual(["order-id"]);
    expect((await call(patchRoute, { method: "PATCH", params: { teamId: a, graderId: made.body.id }, body: { enabled: false }, as: viewer.as })).status).toBe(403);
  });

  it("lists what each grader graded in 30 days: its current version only, means of its own scores", async () => {
    const { a } = await twoTeams();
    const admin = await makeUser("admin");
    const g = (await call(createRoute, { method: "POST", params: { teamId: a }, body: { name: "shape", task: "*", sampleRate: 1, definition: { kind: "json", schema: null } }, as: admin.as })).body;
    const row = (score: number, grader: string, label: string, daysAgo = 0) => ({ teamId: a, task: "chat", modelName: "m", source: "grader" as const, grader, label, score, createdAt: new Date(Date.now() - daysAgo * 86_400_000) });
    await prisma.evaluation.createMany({
      data: [row(1, "shape@1", g.id), row(0, "shape@1", g.id), row(1, "shape@1", g.id), row(1, "shape@1", g.id, 40), row(1, "shape@1", "another-config"), row(0.2, "judge@1", g.id)],
    });
    const list = await call(listRoute, { params: { teamId: a }, as: admin.as });
    expect(list.body.data[0].stats).toEqual({ n: 3, mean: 0.6667 });

    // A new definition is a new version: its count starts again.
    const v2 = await call(patchRoute, { method: "PATCH", params: { teamId: a, graderId: g.id }, body: { definition: { kind: "json", schema: { type: "array" } } }, as: admin.as });
    expect(v2.body).toMatchObject({ version: 2, grader: "shape@2", stats: { n: 0, mean: null } });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { resourceId: g.id, action: "grader.update" } });
    expect(audit.before).toMatchObject({ version: 1, definition: { kind: "json", schema: null } });
    expect(audit.after).toMatchObject({ version: 2, definition: { kind: "json", schema: { type: "array" } } });
  });
});
