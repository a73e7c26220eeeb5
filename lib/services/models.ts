import { AppError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/client";
import * as repo from "@/lib/db/models";
import { findProvider } from "@/lib/db/providers";
import type { ModelCreateInput, ModelOutput, ModelPriceInput, ModelUpdateInput } from "@/lib/schemas/models";
import { recordAudit } from "@/lib/services/audit";
import { auditBy, num, type Caller } from "@/lib/services/context";

// Models: the public names clients send, what each maps to upstream, and its price history. Prices are never
// edited in place: a change is a new row with its own effective date, so past requests keep the price they were
// charged and finance can see when prices changed.

export function toModelOutput(m: repo.ModelRow, now = Date.now()): ModelOutput {
  const current = m.prices.find((p) => p.effectiveFrom.getTime() <= now) ?? null;
  return {
    id: m.id,
    providerId: m.providerId,
    providerName: m.provider.name,
    inHouse: m.provider.inHouse,
    name: m.name,
    upstreamModel: m.upstreamModel,
    aliases: m.aliases,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    enabled: m.enabled,
    inputPricePerMTok: num(current?.inputPerMTokUsd),
    outputPricePerMTok: num(current?.outputPerMTokUsd),
    prices: m.prices.map((p) => ({ inputPricePerMTok: Number(p.inputPerMTokUsd), outputPricePerMTok: Number(p.outputPerMTokUsd), effectiveFrom: p.effectiveFrom.toISOString() })),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const auditView = (m: repo.ModelRow) => {
  const o = toModelOutput(m);
  return { name: o.name, provider: o.providerName, upstreamModel: o.upstreamModel, aliases: o.aliases, contextWindow: o.contextWindow, maxOutputTokens: o.maxOutputTokens, enabled: o.enabled, inputPricePerMTok: o.inputPricePerMTok, outputPricePerMTok: o.outputPricePerMTok };
};

async function assertNamesFree(names: string[], exceptId: string | null) {
  const clashes = await repo.findNameClashes(names, exceptId);
  if (clashes.length) {
    const c = clashes[0]!;
    throw new AppError("conflict", `"${c.clash}" is already used by the model "${c.name}" (as its name or an alias)`, { clashes });
  }
}

export async function listModels(q: { providerId?: string } = {}): Promise<ModelOutput[]> {
  return (await repo.listModels(q)).map((m) => toModelOutput(m));
}

export async function getModelOrThrow(id: string): Promise<ModelOutput> {
  const m = await repo.findModel(id);
  if (!m) throw new AppError("not_found", "No such model");
  return toModelOutput(m);
}

export async function createModel(c: Caller, input: ModelCreateInput): Promise<ModelOutput> {
  if (!(await findProvider(input.providerId))) throw new AppError("unprocessable", "providerId: no such provider", [{ path: "providerId", message: "No such provider" }]);
  const aliases = input.aliases ?? [];
  if (aliases.some((a) => a.toLowerCase() === input.name.toLowerCase())) throw new AppError("unprocessable", "aliases: an alias repeats the model's name", [{ path: "aliases", message: "An alias repeats the model's name" }]);
  await assertNamesFree([input.name, ...aliases], null);
  return prisma.$transaction(async (tx) => {
    const m = await repo.createModel(
      {
        providerId: input.providerId,
        name: input.name,
        upstreamModel: input.upstreamModel,
        aliases,
        contextWindow: input.contextWindow ?? null,
        maxOutputTokens: input.maxOutputTokens ?? null,
        enabled: input.enabled,
        prices: { create: { inputPerMTokUsd: input.inputPricePerMTok, outputPerMTokUsd: input.outputPricePerMTok, effectiveFrom: new Date() } },
      } as never,
      tx,
    );
    await recordAudit(auditBy(c, { action: "model.create", resourceType: "model", resourceId: m.id, after: auditView(m) }), tx);
    return toModelOutput(m);
  });
}

export async function updateModel(c: Caller, id: string, input: ModelUpdateInput): Promise<ModelOutput> {
  const before = await repo.findModel(id);
  if (!before) throw new AppError("not_found", "No such model");
  const name = input.name ?? before.name;
  const aliases = input.aliases ?? before.aliases;
  if (aliases.some((a) => a.toLowerCase() === name.toLowerCase())) throw new AppError("unprocessable", "aliases: an alias repeats the model's name", [{ path: "aliases", message: "An alias repeats the model's name" }]);
  await assertNamesFree([name, ...aliases], id);
  return prisma.$transaction(async (tx) => {
    if (input.inputPricePerMTok !== undefined && input.outputPricePerMTok !== undefined) {
      await repo.addPrice(id, { input: input.inputPricePerMTok, output: input.outputPricePerMTok, from: new Date() }, tx);
    }
    const m = await repo.updateModel(
      id,
      { name: input.name, upstreamModel: input.upstreamModel, aliases: input.aliases, contextWindow: input.contextWindow, maxOutputTokens: input.maxOutputTokens, enabled: input.enabled },
      tx,
    );
    await recordAudit(auditBy(c, { action: "model.update", resourceType: "model", resourceId: id, before: auditView(before), after: auditView(m) }), tx);
    return toModelOutput(m);
  });
}

export async function addModelPrice(c: Caller, id: string, input: ModelPriceInput): Promise<ModelOutput> {
  const before = await repo.findModel(id);
  if (!before) throw new AppError("not_found", "No such model");
  const from = input.effectiveFrom ?? new Date();
  if (before.prices.some((p) => p.effectiveFrom.getTime() === from.getTime())) {
    throw new AppError("conflict", `A price already starts at ${from.toISOString()}`);
  }
  return prisma.$transaction(async (tx) => {
    await repo.addPrice(id, { input: input.inputPricePerMTok, output: input.outputPricePerMTok, from }, tx);
    const m = (await repo.findModel(id, tx))!;
    await recordAudit(
      auditBy(c, {
        action: "model.price.add",
        resourceType: "model",
        resourceId: id,
        after: { name: m.name, inputPricePerMTok: input.inputPricePerMTok, outputPricePerMTok: input.outputPricePerMTok, effectiveFrom: from.toISOString() },
      }),
      tx,
    );
    return toModelOutput(m);
  });
}

export async function deleteModel(c: Caller, id: string): Promise<void> {
  const before = await repo.findModel(id);
  if (!before) throw new AppError("not_found", "No such model");
  const [uses, allowedFor] = await Promise.all([repo.routingUsesOfModel(id), repo.teamsAllowingOnly(id)]);
  if (allowedFor.length) {
    // Deleting it would empty those teams' allow-lists, and an empty list means "every model": refuse.
    const names = allowedFor.map((t) => t.name).join(", ");
    throw new AppError("conflict", `"${before.name}" is in the allowed models of: ${names}. Remove it from those teams' allowed models first.`, { usedBy: allowedFor.map((t) => ({ team: t.name, teamId: t.id, allowedModels: true })) });
  }
  if (uses.length) {
    const where = uses.map((u) => ({ team: u.rule.policy.team.name, teamId: u.rule.policy.team.id, task: u.rule.task === "*" ? "default" : u.rule.task }));
    const text = where.map((w) => `${w.team} (${w.task === "default" ? "default models" : `task "${w.task}"`})`).join(", ");
    throw new AppError("conflict", `"${before.name}" is used by routing policies: ${text}. Remove it from those rules first.`, { usedBy: where });
  }
  await prisma.$transaction(async (tx) => {
    await repo.deleteModel(id, tx);
    await recordAudit(auditBy(c, { action: "model.delete", resourceType: "model", resourceId: id, before: auditView(before) }), tx);
  });
}
