import { describe, expect, it } from "vitest";
import { getOverviewCounts } from "@/lib/db/overview";
import { writeRequestLogBatch, type LogRecord } from "@/lib/db/request-log";
import { makeLogRecord, makeTeam, uid } from "@/lib/testing/factories";

const rec = (teamId: string, createdAt: Date, kind: LogRecord["kind"] = "live") =>
  makeLogRecord({ id: uid("req"), createdAt, teamId, kind, modelName: "m", providerName: "p", inputTokens: 1, outputTokens: 1, costNanoUsd: 1, latencyMs: 1 });

describe("overview counts", () => {
  it("count live requests of the last day from the rollups, not shadow traffic or older requests", async () => {
    const { team } = await makeTeam({ defaults: [] });
    // A "now" in the future: the window then holds only this test's rows, whatever other tests log meanwhile.
    const now = new Date(Date.UTC(2040, 5, 1, 12, 30));
    const before = await getOverviewCounts(undefined, now);
    const twoDaysAgo = new Date(now.getTime() - 2 * 24 * 3600_000);
    await writeRequestLogBatch([rec(team.id, now), rec(team.id, now), rec(team.id, now), rec(team.id, now, "shadow"), rec(team.id, twoDaysAgo)]);
    const after = await getOverviewCounts(undefined, now);
    expect(before.requestsLast24h).toBe(0);
    expect(after.requestsLast24h).toBe(3);
  });
});
