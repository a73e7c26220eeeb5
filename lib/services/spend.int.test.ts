import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as spendRoute from "@/app/api/v1/spend/route";
import * as summaryRoute from "@/app/api/v1/spend/summary/route";
import * as statementRoute from "@/app/api/v1/reports/statement/route";
import { prisma } from "@/lib/db/client";
import { pgPool } from "@/lib/db/pg-pool";
import { writeRequestLogBatch, type LogRecord } from "@/lib/db/request-log";
import { LogWriter } from "@/lib/gateway/log-writer";
import { STATEMENT_CSV_COLUMNS } from "@/lib/schemas/spend";
import { adminToken, call, makeUser } from "@/lib/testing/api";
import { makeLogRecord, uid } from "@/lib/testing/factories";
import { nanoToUsd, usdToNano } from "@/lib/services/spend";

// Spend API, summary and monthly statement against real rows written by the gateway's log writer. Each test uses
// its own teams and a month far in the future that no other test file writes to, so totals are exact.

type Handler = Parameters<typeof call>[0];
const GET = (h: unknown) => h as Handler;

async function makeTeam(costCenter: string | null = null) {
  return prisma.team.create({ data: { name: uid("Team"), slug: uid("team"), costCenter } });
}

const at = (iso: string) => new Date(iso);
function rec(teamId: string, createdAt: Date, over: Partial<LogRecord> = {}): LogRecord {
  return makeLogRecord({ id: `req_${uid("s")}${uid("")}`, teamId, createdAt, modelName: "gpt-x", providerName: "Cloud", ...over });
}

/** Writes through a real LogWriter (batching, exactly-once insert + rollup upsert in one transaction). */
async function writeThroughLogWriter(records: LogRecord[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spend-spool-"));
  const w = new LogWriter(writeRequestLogBatch, dir);
  for (const r of records) w.push(r);
  await w.drain(10_000);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(w.size).toBe(0);
  expect(w.written).toBe(records.length);
}

function parseCsv(text: string): string[][] {
  // Our CSV quotes only cells with commas/quotes/newlines; the cells compared here never need it.
  return text.trim().split("\r\n").map((l) => l.split(","));
}

function csvCostTotal(text: string): string {
  const [header, ...rows] = parseCsv(text);
  const i = header!.indexOf("CostUSD");
  return nanoToUsd(rows.reduce((s, r) => s + usdToNano(r[i]!), 0n));
}

describe("spend reconciliation: request rows = rollups = API = statement = CSV", () => {
  it("agree to the nano-dollar for a team and month, excluding other months and non-live traffic", async () => {
    const team = await makeTeam("CC-REC");
    const other = await makeTeam("CC-REC");
    // Awkward costs: 1 nano, 999_999_999 nano, prime-ish values, a large one, and zero-cost errors.
    const costs = [1, 999_999_999, 123_456_789, 7, 31_415_926_535, 0, 2_718_281_828, 5_000_000_001];
    const inMonth: LogRecord[] = [];
    for (let day = 1; day <= 28; day += 3) {
      for (const [i, cost] of costs.entries()) {
        inMonth.push(
          rec(team.id, at(`2036-03-${String(day).padStart(2, "0")}T${String((i * 5) % 24).padStart(2, "0")}:17:00.000Z`), {
            costNanoUsd: cost,
            modelName: i % 2 ? "mixtral" : "gpt-x",
            providerName: i % 2 ? "In-house" : "Cloud",
            inHouse: i % 2 === 1,
            task: ["code", "chat", "math"][i % 3]!,
            status: cost === 0 ? "error" : "success",
            inputTokens: 100 + i,
            outputTokens: 10 * i,
          }),
        );
      }
    }
    const edges = [
      rec(team.id, at("2036-02-28T23:59:59.999Z"), { costNanoUsd: 111 }),
      rec(team.id, at("2036-04-01T00:00:00.000Z"), { costNanoUsd: 222 }),
      rec(team.id, at("2036-03-15T12:00:00.000Z"), { costNanoUsd: 333, kind: "shadow" }),
      rec(other.id, at("2036-03-15T12:00:00.000Z"), { costNanoUsd: 444 }),
    ];
    const first = at("2036-03-01T00:00:00.000Z");
    const last = at("2036-03-31T23:59:59.999Z");
    inMonth.push(rec(team.id, first, { costNanoUsd: 1 }), rec(team.id, last, { costNanoUsd: 2 }));
    await writeThroughLogWriter([...inMonth, ...edges]);

    const expected = nanoToUsd(inMonth.reduce((s, r) => s + BigInt(r.costNanoUsd), 0n));
    const raw = await pgPool().query<{ c: string; r: string }>(
      `SELECT sum(cost_usd)::text c, sum(cost_usd)::text r FROM request_logs WHERE team_id = $1 AND kind = 'live' AND created_at >= '2036-03-01' AND created_at < '2036-04-01'`,
      [team.id],
    );
    const rolled = await pgPool().query<{ c: string }>(
      `SELECT sum(cost_usd)::text c FROM usage_rollups WHERE team_id = $1 AND kind = 'live' AND bucket >= '2036-03-01' AND bucket < '2036-04-01'`,
      [team.id],
    );
    expect(nanoToUsd(usdToNano(raw.rows[0]!.c))).toBe(expected);
    expect(nanoToUsd(usdToNano(rolled.rows[0]!.c))).toBe(expected);

    const { as } = await makeUser("finance");
    const q = `from=2036-03-01T00:00:00Z&to=2036-04-01T00:00:00Z&teamId=${team.id}`;
    // A week of hourly buckets (the API's widest hourly range) adds up to the raw rows of that week.
    const week = inMonth.filter((r) => r.createdAt < at("2036-03-08T00:00:00Z"));
    const hourly = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?from=2036-03-01T00:00:00Z&to=2036-03-08T00:00:00Z&teamId=${team.id}&interval=hour&groupBy=model` });
    expect(hourly.status, hourly.text).toBe(200);
    expect(hourly.body.totals.costUsd).toBe(nanoToUsd(week.reduce((s, r) => s + BigInt(r.costNanoUsd), 0n)));
    // Ranges that do not start or end at midnight mix daily and hourly rollups: still exact.
    const odd = inMonth.filter((r) => r.createdAt >= at("2036-03-04T05:00:00Z") && r.createdAt < at("2036-03-22T19:00:00Z"));
    const mixed = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?from=2036-03-04T05:00:00Z&to=2036-03-22T19:00:00Z&teamId=${team.id}&interval=day` });
    expect(mixed.body.totals.costUsd).toBe(nanoToUsd(odd.reduce((s, r) => s + BigInt(r.costNanoUsd), 0n)));
    expect(mixed.body.totals.requests).toBe(odd.length);
    for (const interval of ["day", "month"]) {
      for (const groupBy of ["team", "model", "provider", "task"]) {
        const s = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?${q}&interval=${interval}&groupBy=${groupBy}` });
        expect(s.status, s.text).toBe(200);
        expect(s.body.totals.costUsd).toBe(expected);
        expect(s.body.totals.requests).toBe(inMonth.length);
        // The rows add up to the totals, exactly.
        expect(nanoToUsd(s.body.rows.reduce((a: bigint, r: { costUsd: string }) => a + usdToNano(r.costUsd), 0n))).toBe(expected);
      }
    }
    const summary = await call(GET(summaryRoute.GET), { as, path: `/api/v1/spend/summary?${q}` });
    expect(summary.status).toBe(200);
    expect(summary.body.totals.costUsd).toBe(expected);
    expect(nanoToUsd(usdToNano(summary.body.inHouse.costUsd) + usdToNano(summary.body.external.costUsd))).toBe(expected);

    const st = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-03&teamId=${team.id}` });
    expect(st.status, st.text).toBe(200);
    expect(st.body.totals.costUsd).toBe(expected);
    expect(st.body.teams).toHaveLength(1);
    expect(st.body.teams[0].totals.costUsd).toBe(expected);
    expect(st.body.teams[0].costCenter).toBe("CC-REC");
    expect(st.body.totals.requests).toBe(inMonth.length);
    expect(st.body.totals.realizedSavingsUsd).toBe("0.000000000");

    const csv = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-03&teamId=${team.id}&format=csv` });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="switchyard-statement-2036-03-/);
    expect(csv.text.split("\r\n")[0]).toBe("BillingPeriod,CostCenter,Team,Provider,Model,Task,Requests,InputTokens,OutputTokens,CostUSD");
    expect(csvCostTotal(csv.text)).toBe(expected);
    const rows = parseCsv(csv.text).slice(1);
    expect(rows.every((r) => r[0] === "2036-03" && r[1] === "CC-REC" && r[2] === team.name)).toBe(true);
    expect(rows.reduce((s, r) => s + Number(r[6]), 0)).toBe(inMonth.length);

    // The cost centre's statement holds both teams; its total is theirs, and its CSV adds up to it.
    const cc = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-03&costCenter=CC-REC` });
    expect(cc.body.costCenters).toHaveLength(1);
    expect(cc.body.costCenters[0].teams.sort()).toEqual([team.id, other.id].sort());
    expect(cc.body.totals.costUsd).toBe(nanoToUsd(usdToNano(expected) + 444n));
    const ccCsv = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-03&costCenter=CC-REC&format=csv` });
    expect(csvCostTotal(ccCsv.text)).toBe(cc.body.totals.costUsd);
  });

  it("realized savings come from the team's completed swaps only", async () => {
    const team = await makeTeam();
    const base = { teamId: team.id, task: "chat", fromModel: "a", toModel: "b", evidence: {}, projectedMonthlySavingsUsd: 10 };
    await prisma.swapProposal.createMany({
      data: [
        { ...base, status: "completed", realizedSavingsUsd: "12.345678901" },
        { ...base, status: "completed", realizedSavingsUsd: "0.000000099" },
        { ...base, status: "canary", realizedSavingsUsd: "99" },
      ],
    });
    const { as } = await makeUser("finance");
    const st = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-05&teamId=${team.id}` });
    expect(st.body.teams[0].totals.realizedSavingsUsd).toBe("12.345679000");
    expect(st.body.totals.realizedSavingsUsd).toBe("12.345679000");
    expect(st.body.teams[0].totals.costUsd).toBe("0.000000000"); // no traffic that month: listed, at zero
  });
});

describe("daily rollups (migration usage_rollups_daily)", () => {
  const sums = async (table: "usage_rollups" | "usage_rollups_daily", teamId: string) =>
    (
      await pgPool().query(
        `SELECT ${table === "usage_rollups" ? "bucket::date" : "day"}::text d, model_name, task, kind::text, sum(requests)::int n, sum(errors)::int e, sum(input_tokens)::int i,
           sum(output_tokens)::int o, sum(cost_usd)::text c, sum(latency_ms_sum)::int l FROM ${table} WHERE team_id = $1 GROUP BY 1, 2, 3, 4 HAVING sum(requests) <> 0 ORDER BY 1, 2, 3, 4`,
        [teamId],
      )
    ).rows;

  it("equal the hourly rollups after inserts, upserts into existing hours, and deletes", async () => {
    const team = await makeTeam();
    const batch = (n: number, hour: number) =>
      Array.from({ length: n }, (_, i) => rec(team.id, at(`2036-11-0${1 + (i % 3)}T${String(hour).padStart(2, "0")}:0${i % 6}:00Z`), { costNanoUsd: 1_000_003 * (i + 1), task: i % 2 ? "code" : "chat", latencyMs: 10 + i }));
    await writeRequestLogBatch(batch(7, 10)); // new hours: the INSERT path
    await writeRequestLogBatch(batch(9, 10)); // the same hours again: the ON CONFLICT DO UPDATE path
    await writeRequestLogBatch([...batch(4, 23), rec(team.id, at("2036-11-01T10:30:00Z"), { kind: "shadow", costNanoUsd: 5 })]);
    const hourly = await sums("usage_rollups", team.id);
    expect(hourly.length).toBeGreaterThan(3);
    expect(await sums("usage_rollups_daily", team.id)).toEqual(hourly);

    await pgPool().query(`DELETE FROM usage_rollups WHERE team_id = $1 AND bucket < '2036-11-02'`, [team.id]);
    expect(await sums("usage_rollups_daily", team.id)).toEqual(await sums("usage_rollups", team.id));
  });
});

describe("spend: gappy, single-point and empty ranges", () => {
  it("returns only buckets with traffic (the chart fills the gaps), and zero totals for an empty range", async () => {
    const team = await makeTeam();
    await writeThroughLogWriter([
      rec(team.id, at("2036-06-02T10:05:00Z"), { costNanoUsd: 5_000 }),
      rec(team.id, at("2036-06-02T10:55:00Z"), { costNanoUsd: 5_000 }),
      rec(team.id, at("2036-06-09T03:00:00Z"), { costNanoUsd: 1_000, modelName: null, providerName: null, status: "error" }),
    ]);
    const { as } = await makeUser("admin");
    const q = `teamId=${team.id}&from=2036-06-01T00:00:00Z&to=2036-06-11T00:00:00Z`;
    const byDay = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?${q}&interval=day&groupBy=model` });
    expect(byDay.status).toBe(200);
    expect(byDay.body.rows.map((r: { bucket: string; key: string; label: string; requests: number }) => [r.bucket, r.key, r.label, r.requests])).toEqual([
      ["2036-06-02T00:00:00.000Z", "gpt-x", "gpt-x", 2],
      ["2036-06-09T00:00:00.000Z", "", "(none)", 1],
    ]);
    expect(byDay.body.totals).toMatchObject({ requests: 3, errors: 1, costUsd: "0.000011000" });

    const single = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?teamId=${team.id}&from=2036-06-02T10:00:00Z&to=2036-06-02T11:00:00Z&interval=hour` });
    expect(single.body.rows).toHaveLength(1);
    expect(single.body.rows[0]).toMatchObject({ bucket: "2036-06-02T10:00:00.000Z", key: team.id, label: team.name, requests: 2, costUsd: "0.000010000" });

    const empty = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?teamId=${team.id}&from=2036-07-01T00:00:00Z&to=2036-07-02T00:00:00Z&interval=hour` });
    expect(empty.body).toMatchObject({ rows: [], totals: { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: "0.000000000" } });
    const emptySummary = await call(GET(summaryRoute.GET), { as, path: `/api/v1/spend/summary?teamId=${team.id}&from=2036-07-01T00:00:00Z&to=2036-07-02T00:00:00Z` });
    expect(emptySummary.body).toMatchObject({ teams: [], models: [], inHouseShare: { costUsd: null, requests: null }, totals: { costUsd: "0.000000000" } });
  });

  it("rounds from/to out to whole hours, and refuses inverted or too-wide ranges", async () => {
    const { as } = await makeUser("finance");
    const ok = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?from=2036-08-01T10:30:00Z&to=2036-08-01T12:10:00Z&interval=hour` });
    expect(ok.body).toMatchObject({ from: "2036-08-01T10:00:00.000Z", to: "2036-08-01T13:00:00.000Z" });
    const inverted = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?from=2036-08-02T00:00:00Z&to=2036-08-01T00:00:00Z` });
    expect(inverted.status).toBe(400);
    const wide = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?from=2036-01-01T00:00:00Z&to=2036-01-09T00:00:00Z&interval=hour` });
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/interval=hour/);
    const badGroup = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?groupBy=user` });
    expect(badGroup.status).toBe(400);
    const badMonth = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-13` });
    expect(badMonth.status).toBe(400);
  });
});

describe("spend: who sees what", () => {
  async function world() {
    const a = await makeTeam("CC-A");
    const b = await makeTeam("CC-B");
    await writeThroughLogWriter([rec(a.id, at("2036-09-10T08:00:00Z"), { costNanoUsd: 1_000 }), rec(b.id, at("2036-09-10T08:00:00Z"), { costNanoUsd: 2_000 })]);
    const users = {
      viewer: (await makeUser("viewer", [{ teamId: a.id }])).as,
      team_lead: (await makeUser("team_lead", [{ teamId: a.id }])).as,
      finance: (await makeUser("finance")).as,
      admin: (await makeUser("admin")).as,
      token: adminToken(),
    };
    return { a, b, users };
  }
  const range = "from=2036-09-10T00:00:00Z&to=2036-09-11T00:00:00Z";

  it("anonymous callers get 401 everywhere", async () => {
    for (const [h, p] of [[spendRoute.GET, "/api/v1/spend"], [summaryRoute.GET, "/api/v1/spend/summary"], [statementRoute.GET, "/api/v1/reports/statement"], [statementRoute.GET, "/api/v1/reports/statement?format=csv"]] as const) {
      const res = await call(GET(h), { as: null, path: p });
      expect(res.status).toBe(401);
    }
  });

  it("team_lead and viewer see only their teams; a forged teamId is 403 on every endpoint", async () => {
    const { a, b, users } = await world();
    for (const role of ["viewer", "team_lead"] as const) {
      const as = users[role];
      const all = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?${range}&groupBy=team` });
      expect(all.status).toBe(200);
      expect(all.body.rows.map((r: { key: string }) => r.key)).toEqual([a.id]);
      expect(all.body.totals.costUsd).toBe("0.000001000");
      const summary = await call(GET(summaryRoute.GET), { as, path: `/api/v1/spend/summary?${range}` });
      expect(summary.body.teams.map((t: { key: string }) => t.key)).toEqual([a.id]);
      const st = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-09` });
      expect(st.body.teams.map((t: { teamId: string }) => t.teamId)).toEqual([a.id]);
      // A cost centre filter cannot widen the reach either.
      const cc = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-09&costCenter=CC-B` });
      expect(cc.body.teams).toEqual([]);

      for (const [h, p] of [
        [spendRoute.GET, `/api/v1/spend?${range}&teamId=${b.id}`],
        [summaryRoute.GET, `/api/v1/spend/summary?${range}&teamId=${b.id}`],
        [statementRoute.GET, `/api/v1/reports/statement?month=2036-09&teamId=${b.id}`],
        [statementRoute.GET, `/api/v1/reports/statement?month=2036-09&teamId=${b.id}&format=csv`],
      ] as const) {
        const res = await call(GET(h), { as, path: p });
        expect(res.status, `${role} ${p}`).toBe(403);
        expect(res.body.error.code).toBe("forbidden");
      }
      const own = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?${range}&teamId=${a.id}` });
      expect(own.status).toBe(200);
    }
  });

  it("viewer cannot export CSV (spend:export); team_lead exports their team; finance and admin read and export everything", async () => {
    const { a, b, users } = await world();
    const csvPath = `/api/v1/reports/statement?month=2036-09&format=csv`;
    const viewerCsv = await call(GET(statementRoute.GET), { as: users.viewer, path: `${csvPath}&teamId=${a.id}` });
    expect(viewerCsv.status).toBe(403);
    expect(viewerCsv.body.error.message).toMatch(/spend:export/);

    const leadCsv = await call(GET(statementRoute.GET), { as: users.team_lead, path: csvPath });
    expect(leadCsv.status).toBe(200);
    expect(parseCsv(leadCsv.text).slice(1).map((r) => r[2])).toEqual([a.name]);

    for (const as of [users.finance, users.admin, users.token]) {
      const json = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-09` });
      const ids = json.body.teams.map((t: { teamId: string }) => t.teamId);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      const csv = await call(GET(statementRoute.GET), { as, path: csvPath });
      expect(csv.status).toBe(200);
      const teams = parseCsv(csv.text).slice(1).map((r) => r[2]);
      expect(teams).toEqual(expect.arrayContaining([a.name, b.name]));
      expect(parseCsv(csv.text)[0]).toEqual([...STATEMENT_CSV_COLUMNS]);
      const s = await call(GET(spendRoute.GET), { as, path: `/api/v1/spend?${range}&teamId=${b.id}` });
      expect(s.body.totals.costUsd).toBe("0.000002000");
    }
  });

  it("finance changes nothing: the spend endpoints are GET only", async () => {
    for (const mod of [spendRoute, summaryRoute, statementRoute]) {
      expect(Object.keys(mod).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
    }
  });

  it("a team name that looks like a formula is neutralised in the CSV", async () => {
    const evil = await prisma.team.create({ data: { name: `=HYPERLINK("http://x","${uid("a")}")`, slug: uid("team"), costCenter: "+CC" } });
    await writeThroughLogWriter([rec(evil.id, at("2036-10-01T00:00:00Z"), { costNanoUsd: 10, modelName: "@model" })]);
    const { as } = await makeUser("finance");
    const csv = await call(GET(statementRoute.GET), { as, path: `/api/v1/reports/statement?month=2036-10&teamId=${evil.id}&format=csv` });
    const line = csv.text.split("\r\n")[1]!;
    expect(line).toContain(`'+CC`);
    expect(line).toContain(`"'=HYPERLINK(""http://x""`);
    expect(line).toContain(`'@model`);
  });
});
