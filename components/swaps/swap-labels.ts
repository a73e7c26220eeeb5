import type { BadgeTone } from "@/components/ui/badge";
import type { SwapEvidence } from "@/lib/schemas/swaps";

// Words for swap states and evidence, shared by the list and the detail view (and the server page, which parses
// ?status=: so no "use client" here).

type Status = "proposed" | "approved" | "canary" | "completed" | "rejected" | "rolled_back";
type StatusLike = { status: Status; approvedBy: string | null; financeApprovedBy: string | null; currentPercent: number };

export const SWAP_TABS = [
  { id: "proposed", label: "Proposed", statuses: ["proposed", "approved"], empty: "No proposals are waiting for a decision." },
  { id: "canary", label: "In canary", statuses: ["canary"], empty: "No swap is rolling out right now." },
  { id: "completed", label: "Completed", statuses: ["completed"], empty: "No swap has completed its canary yet." },
  { id: "closed", label: "Rejected & rolled back", statuses: ["rejected", "rolled_back"], empty: "Nothing has been rejected or rolled back." },
  { id: "all", label: "All", statuses: ["proposed", "approved", "canary", "completed", "rejected", "rolled_back"], empty: "No proposals." },
] as const satisfies readonly { id: string; label: string; statuses: readonly Status[]; empty: string }[];
export type SwapTab = (typeof SWAP_TABS)[number]["id"];

export function swapTabFrom(value: string | string[] | undefined): SwapTab {
  return SWAP_TABS.find((t) => t.id === value)?.id ?? "proposed";
}

export function statusLabel(s: StatusLike): string {
  switch (s.status) {
    case "proposed":
      return "proposed";
    case "approved":
      // Two signatures above the savings threshold: say whose is missing.
      return s.approvedBy && !s.financeApprovedBy ? "awaiting co-sign" : s.financeApprovedBy && !s.approvedBy ? "awaiting approval" : "approved";
    case "canary":
      return `canary ${s.currentPercent}%`;
    case "completed":
      return "completed";
    case "rejected":
      return "rejected";
    case "rolled_back":
      return "rolled back";
  }
}

export const STATUS_TONE: Record<Status, BadgeTone> = {
  proposed: "accent",
  approved: "warning",
  canary: "accent",
  completed: "success",
  rejected: "neutral",
  rolled_back: "danger",
};

/** Status names in the event timeline ("rolled_back" -> "rolled back"). */
export const eventStatus = (s: string | null) => (s ? s.replace(/_/g, " ") : "—");

/** Accuracy points: 0.0123 -> "+1.2 pts", -0.02 -> "−2.0 pts" (a real minus sign). */
export function formatPts(diff: number, digits = 1): string {
  const v = diff * 100;
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return `${(0).toFixed(digits)} pts`;
  return `${v < 0 ? "−" : "+"}${s} pts`;
}

const marginPts = (margin: number) => `${Number((margin * 100).toFixed(1))} pts`;

/** The statistical decision as a sentence: "non-inferior at 95%: candidate − incumbent ≥ −2 pts". */
export function decisionText(e: Pick<SwapEvidence, "decision" | "margin" | "n" | "minSamples">): { title: string; tone: BadgeTone; detail: string } {
  const m = marginPts(e.margin);
  switch (e.decision) {
    case "non_inferior":
      return { title: `Non-inferior at 95%: candidate − incumbent ≥ −${m}`, tone: "success", detail: `The one-sided 95% lower bound of the difference is above −${m}, on ${e.n} paired samples.` };
    case "inferior":
      return { title: `Inferior at 95%: the candidate is worse by more than ${m}`, tone: "danger", detail: "Even the upper bound of the difference is below the margin." };
    case "inconclusive":
      return { title: `Inconclusive at 95%: a drop of more than ${m} cannot be ruled out`, tone: "warning", detail: "More paired samples would narrow the interval." };
    case "insufficient":
      return { title: `Not enough evidence: ${e.n} of ${e.minSamples} paired samples`, tone: "warning", detail: `Proposals need at least ${e.minSamples} paired samples.` };
    default:
      return { title: e.decision, tone: "neutral", detail: "" };
  }
}
