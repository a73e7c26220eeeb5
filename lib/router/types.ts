// The pure routing engine's vocabulary. No next/*, no Prisma, no fetch, no clock: everything arrives as data.

export type ProviderKind = "openai" | "anthropic" | "openai_compatible";

export type CatalogModel = {
  id: string;
  name: string; // public name
  aliases: string[];
  providerId: string;
  upstreamModel: string;
  inHouse: boolean;
  enabled: boolean;
  contextWindow: number | null;
  maxOutputTokens: number | null;
};

export type Catalog = {
  byId: ReadonlyMap<string, CatalogModel>;
  /** lower-cased public names and aliases -> model id */
  byName: ReadonlyMap<string, string>;
};

export type RuleTarget = { modelId: string; weight: number | null };

export type TeamPolicy = {
  teamId: string;
  tasks: readonly string[];
  rules: ReadonlyMap<string, readonly RuleTarget[]>;
  defaults: readonly RuleTarget[];
  /** null = every enabled model */
  allowed: ReadonlySet<string> | null;
  /** auto: accept a model whose measured quality is within this of the best candidate's (0.02 = 2 points). */
  qualityTolerance?: number;
};

export type TaskSource = "header" | "metadata" | "classifier";

export type RouteRequest = {
  requestedModel: string;
  taskHeader?: string | null;
  taskMetadata?: string | null;
  prompt: string;
};

/** What outcomes say about a model on a team's task: mean score in [0, 1] over n graded answers. */
export type QualityEstimate = {
  p: number;
  n: number;
  /** how much the per-prompt predictor moved p from the task's measured mean (absent: no per-prompt evidence) */
  adjust?: number;
};

export type RouteDeps = {
  random: () => number; // [0, 1)
  isCoolingDown: (modelId: string) => boolean;
  /** The task of an unhinted prompt, restricted to the team's tasks, with the classifier's confidence in [0, 1]. */
  classify: (prompt: string, tasks: readonly string[]) => { task: string; confidence: number };
  /** For `model: "auto"`: measured quality of each model on the task, and its blended price per million tokens. */
  quality?: (task: string, modelId: string) => QualityEstimate | undefined;
  pricePerMTok?: (modelId: string) => number;
};

export type RouteDecision = {
  ok: true;
  task: string;
  taskSource: TaskSource;
  chain: CatalogModel[]; // primary first, then fallbacks
  reason: string;
};

export type RouteError = { ok: false; status: 400 | 403 | 404; code: string; message: string };
