import { headers } from "next/headers";
import { ActivityIcon, KeyIcon, ModelsIcon, ProvidersIcon, TeamsIcon } from "@/components/icons";
import { GettingStarted, type ChecklistStep } from "@/components/overview/getting-started";
import { CodeBlock } from "@/components/ui/code-block";
import { PageHeader } from "@/components/ui/page-header";
import { StatCard } from "@/components/ui/stat-card";
import { can, type Scope } from "@/lib/auth/permissions";
import { requirePage } from "@/lib/auth/session";
import { getOverviewCounts } from "@/lib/db/overview";

export default async function OverviewPage() {
  const actor = await requirePage("overview:read", "/");
  const counts = await getOverviewCounts();
  const origin = await requestOrigin();
  const linkIf = (scope: Scope, href: string) => (can(actor.role, scope) ? href : undefined);

  const steps: ChecklistStep[] = [
    {
      id: "provider",
      title: "Register a provider",
      description: "Add OpenAI, Anthropic or an in-house OpenAI-compatible server with its API key (stored encrypted).",
      done: counts.providers > 0,
      href: linkIf("providers:read", "/providers"),
      linkLabel: "Providers",
    },
    {
      id: "model",
      title: "Add a model with prices",
      description: "Publish an upstream model under the name clients will send, with input and output prices per million tokens.",
      done: counts.models > 0,
      href: linkIf("models:read", "/models"),
      linkLabel: "Models",
    },
    {
      id: "team",
      title: "Create a team and an API key",
      description: "Teams own budgets, routing policies and spend; each team calls the gateway with its own key.",
      done: counts.teams > 0 && counts.apiKeys > 0,
      href: linkIf("teams:read", "/teams"),
      linkLabel: "Teams",
    },
    {
      id: "request",
      title: "Call the gateway with the team key",
      description: (
        <>
          Point any OpenAI client at <code className="font-mono text-xs text-fg">{origin}/api/route/v1</code> and use the team key as its API key.
        </>
      ),
      done: counts.requestsLast24h > 0,
      detail: (
        <CodeBlock label="Example request">{`curl ${origin}/api/route/v1/chat/completions \\
  -H "Authorization: Bearer $TEAM_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "<model name>", "messages": [{"role": "user", "content": "Hello"}]}'`}</CodeBlock>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Overview" description="What this Switchyard instance routes today, and what to set up next. Counts cover every team." />
      <section aria-label="Key figures" className="mb-8 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
        <StatCard label="Providers" value={counts.providers} hint="Upstream LLM services" icon={<ProvidersIcon />} href={linkIf("providers:read", "/providers")} />
        <StatCard label="Models" value={counts.models} hint="Routable model names" icon={<ModelsIcon />} href={linkIf("models:read", "/models")} />
        <StatCard label="Teams" value={counts.teams} hint="Not archived" icon={<TeamsIcon />} href={linkIf("teams:read", "/teams")} />
        <StatCard label="API keys" value={counts.apiKeys} hint="Not revoked" icon={<KeyIcon />} href={linkIf("teams:read", "/teams")} />
        <StatCard label="Requests (24h)" value={counts.requestsLast24h} hint="Through the gateway" icon={<ActivityIcon />} href={linkIf("spend:read", "/spend")} />
      </section>
      <GettingStarted steps={steps} />
    </>
  );
}

/** The origin the browser used, for copy-pasteable gateway examples (honours a reverse proxy's forwarded headers). */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto.split(",")[0]}://${host.split(",")[0]}`;
}
