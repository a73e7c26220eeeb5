import crypto from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { keyring } from "@/lib/crypto/keyring";
import { seal, secretHint } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/client";
import { hashApiKey } from "@/lib/gateway/snapshot";

// Demo mode's first-start data: people in every role, teams with budgets, the demo upstream registered as three
// providers (cloud OpenAI-style, cloud Anthropic-style, in-house OpenAI-compatible), priced models and policies.

const SEEDED_KEY = "demo.seededAt";

export const DEMO_USERS = [
  { email: "finance@switchyard.local", name: "Fiona Finance", role: "finance" as const },
  { email: "lead@switchyard.local", name: "Lee Lead", role: "team_lead" as const },
  { email: "viewer@switchyard.local", name: "Vic Viewer", role: "viewer" as const },
];

const TEAMS = [
  { slug: "platform", name: "Platform Engineering", costCenter: "CC-100", monthlyBudgetUsd: 2000 },
  { slug: "support", name: "Customer Support", costCenter: "CC-200", monthlyBudgetUsd: 800 },
  { slug: "research", name: "Research", costCenter: "CC-300", monthlyBudgetUsd: 5000 },
  { slug: "data", name: "Data Extraction", costCenter: "CC-210", monthlyBudgetUsd: 500 },
];

const PROVIDERS = [
  { key: "openai", name: "OpenAI (demo)", kind: "openai" as const, path: "/v1", inHouse: false },
  { key: "anthropic", name: "Anthropic (demo)", kind: "anthropic" as const, path: "", inHouse: false },
  { key: "inhouse", name: "In-house vLLM (demo)", kind: "openai_compatible" as const, path: "/v1", inHouse: true },
];

const MODELS = [
  { provider: "openai", name: "gpt-4", upstream: "gpt-4-1106-preview", aliases: ["strong"], ctx: 128_000, maxOut: 4096, in: 10, out: 30 },
  { provider: "openai", name: "gpt-4o-mini", upstream: "gpt-4o-mini", aliases: [], ctx: 128_000, maxOut: 16_384, in: 0.15, out: 0.6 },
  { provider: "anthropic", name: "claude-sonnet", upstream: "claude-sonnet-4-5", aliases: ["claude"], ctx: 200_000, maxOut: 8192, in: 3, out: 15 },
  { provider: "inhouse", name: "mixtral-8x7b", upstream: "mistralai/Mixtral-8x7B-Instruct-v0.1", aliases: ["mixtral", "in-house"], ctx: 32_768, maxOut: 4096, in: 0.24, out: 0.24 },
];

const POLICIES: Record<string, { rules: Record<string, string[]>; defaults: string[] }> = {
  platform: { rules: { code: ["gpt-4", "claude-sonnet"], planning: ["claude-sonnet", "gpt-4"], chat: ["gpt-4o-mini", "mixtral-8x7b"] }, defaults: ["gpt-4o-mini", "gpt-4"] },
  support: { rules: { chat: ["mixtral-8x7b", "gpt-4o-mini"], writing: ["claude-sonnet", "gpt-4o-mini"] }, defaults: ["gpt-4o-mini", "mixtral-8x7b"] },
  research: { rules: { math: ["gpt-4", "claude-sonnet"], reasoning: ["gpt-4", "claude-sonnet"] }, defaults: ["claude-sonnet", "gpt-4"] },
  data: { rules: { extraction: ["gpt-4o-mini", "mixtral-8x7b"] }, defaults: ["gpt-4o-mini", "mixtral-8x7b"] },
};

/** Seeds once per database; returns null when the data is already there, else the Platform team's demo key
 * (shown once, like any key: the launcher keeps it in the data dir for the quick start). */
export async function seedDemo(opts: { password: string; upstreamPort: number }): Promise<{ platformKey: string } | null> {
  if (await prisma.setting.findUnique({ where: { key: SEEDED_KEY } })) return null;
  const passwordHash = await hashPassword(opts.password);
  const port = opts.upstreamPort;
  const platformKey = `sy-${crypto.randomBytes(24).toString("base64url")}`;
  const ring = keyring();
  const since = new Date(Date.UTC(2026, 0, 1));

  await prisma.$transaction(async (tx) => {
    const users = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const row = await tx.user.upsert({ where: { email: u.email }, update: {}, create: { ...u, passwordHash }, select: { id: true } });
      users.set(u.email, row.id);
    }
    const teams = new Map<string, string>();
    for (const t of TEAMS) {
      const row = await tx.team.upsert({ where: { slug: t.slug }, update: {}, create: t, select: { id: true } });
      teams.set(t.slug, row.id);
    }
    await tx.teamMember.createMany({
      data: [
        { teamId: teams.get("platform")!, userId: users.get("lead@switchyard.local")!, role: "team_lead" },
        { teamId: teams.get("support")!, userId: users.get("viewer@switchyard.local")!, role: "viewer" },
      ],
      skipDuplicates: true,
    });
    const providers = new Map<string, string>();
    for (const p of PROVIDERS) {
      const apiKey = `demo-${p.key}-key`;
      const sealed = seal(apiKey, ring);
      const row = await tx.provider.upsert({
        where: { name: p.name },
        update: {},
        create: {
          name: p.name,
          kind: p.kind,
          baseUrl: `http://127.0.0.1:${port}${p.path}`,
          apiKeyCiphertext: sealed.ciphertext,
          keyVersion: sealed.keyVersion,
          apiKeyHint: secretHint(apiKey),
          inHouse: p.inHouse,
        },
        select: { id: true },
      });
      providers.set(p.key, row.id);
    }
    const models = new Map<string, string>();
    for (const m of MODELS) {
      const row = await tx.model.upsert({
        where: { name: m.name },
        update: {},
        create: {
          providerId: providers.get(m.provider)!,
          name: m.name,
          upstreamModel: m.upstream,
          aliases: m.aliases,
          contextWindow: m.ctx,
          maxOutputTokens: m.maxOut,
          prices: { create: { inputPerMTokUsd: m.in, outputPerMTokUsd: m.out, effectiveFrom: since } },
        },
        select: { id: true },
      });
      models.set(m.name, row.id);
    }
    for (const [slug, policy] of Object.entries(POLICIES)) {
      const teamId = teams.get(slug)!;
      const rules = [...Object.entries(policy.rules), ["*", policy.defaults] as const];
      await tx.routingPolicy.create({
        data: {
          teamId,
          rules: {
            create: rules.map(([task, names]) => ({
              task,
              targets: { create: names.map((n, position) => ({ position, modelId: models.get(n)! })) },
            })),
          },
        },
      });
    }
    await tx.apiKey.create({
      data: { teamId: teams.get("platform")!, name: "Demo key", keyHash: hashApiKey(platformKey), prefix: platformKey.slice(0, 10) },
    });
    // Accuracy evidence from the first requests on: GPT-4 judges, and the in-house Mixtral shadows the tasks where
    // the recorded data says it is as good (Support's writing, served by Claude today) or clearly worse (Platform's code).
    await tx.setting.upsert({ where: { key: "accuracy.judgeModel" }, create: { key: "accuracy.judgeModel", value: "gpt-4" }, update: {} });
    await tx.shadowConfig.createMany({
      data: [
        { teamId: teams.get("support")!, task: "writing", candidateModel: "mixtral-8x7b", sampleRate: 0.5 },
        { teamId: teams.get("platform")!, task: "code", candidateModel: "mixtral-8x7b", sampleRate: 0.2 },
        { teamId: teams.get("research")!, task: "reasoning", candidateModel: "mixtral-8x7b", sampleRate: 0.2 },
      ],
    });
    await tx.setting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
    await tx.auditEvent.create({ data: { actorLabel: "system", action: "demo.seed", resourceType: "system", after: { teams: TEAMS.length, models: MODELS.length } } });
  });
  await (await import("@/lib/services/demo-history")).seedDemoHistory(); // ~30 days of traffic for the spend charts
  await (await import("@/lib/services/demo-evidence")).seedDemoEvidence(); // recorded MT-Bench pairs for the what-if simulator
  return { platformKey };
}
