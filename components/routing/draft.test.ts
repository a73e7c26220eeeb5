import { describe, expect, it } from "vitest";
import { toDraft, toPayload } from "@/components/routing/draft";
import type { RoutingPolicyOutput } from "@/lib/schemas/routing";

const policy = {
  teamId: "t1",
  tasks: ["code", "chat"],
  rules: [{ task: "code", models: ["gpt-4", "mixtral"], weights: null }],
  defaultModels: ["mixtral"],
  allowedModels: [],
  qualityTolerance: 0.02,
  version: 3,
  updatedAt: null,
} as unknown as RoutingPolicyOutput;

describe("routing editor draft", () => {
  const opts = { includeAllowed: false, originalTasks: policy.tasks, originalTolerance: policy.qualityTolerance };

  it("sends the quality tolerance only when it changed", () => {
    const draft = toDraft(policy);
    expect(draft.qualityTolerance).toBe("0.02");
    expect(toPayload(draft, opts)).not.toHaveProperty("qualityTolerance");
    expect(toPayload({ ...draft, qualityTolerance: "0.05" }, opts)).toMatchObject({ qualityTolerance: 0.05 });
  });

  it("turns a blank or non-numeric tolerance into NaN for the schema to reject", () => {
    expect(toPayload({ ...toDraft(policy), qualityTolerance: " " }, opts).qualityTolerance).toBeNaN();
    expect(toPayload({ ...toDraft(policy), qualityTolerance: "abc" }, opts).qualityTolerance).toBeNaN();
  });
});
