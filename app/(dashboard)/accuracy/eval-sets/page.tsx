import type { Metadata } from "next";
import { EvalSetsView } from "@/components/eval-sets/eval-sets-view";
import { requirePage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Eval sets" };

export default async function EvalSetsPage() {
  await requirePage("accuracy:read", "/accuracy/eval-sets");
  return <EvalSetsView />;
}
