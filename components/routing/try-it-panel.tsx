"use client";

import { useState, type FormEvent } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useTryRoute } from "@/lib/queries/routing";
import type { ModelOutput } from "@/lib/schemas/models";
import type { RouteTryOutput } from "@/lib/schemas/routing";

const SOURCE_LABELS: Record<Extract<RouteTryOutput, { ok: true }>["taskSource"], string> = {
  header: "given explicitly (like the x-switchyard-task header)",
  metadata: "from the request metadata",
  classifier: "detected from the prompt by the classifier",
};

/** "Try it": the gateway's own routing decision for a prompt on the saved policy, without calling any model. */
export function TryItPanel({ teamId, tasks, models }: { teamId: string; tasks: string[]; models: ModelOutput[] }) {
  const tryRoute = useTryRoute(teamId);
  const [prompt, setPrompt] = useState("");
  const [task, setTask] = useState("");
  const [model, setModel] = useState("auto");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    tryRoute.mutate({ prompt, model, ...(task ? { task } : {}) });
  }

  const result = tryRoute.data;
  return (
    <Card>
      <CardHeader title="Try it" description="Which model the gateway would pick for a request, and why. Uses the saved policy; nothing is sent upstream." />
      <CardBody>
        <form noValidate onSubmit={onSubmit} aria-label="Try a route" className="space-y-3">
          <div className="space-y-1.5">
            <Label htmlFor="try-prompt">Prompt</Label>
            <Textarea
              id="try-prompt"
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              rows={4}
              placeholder="Extract the invoice number and total from this email…"
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
              }}
            />
          </div>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1">
            <div className="space-y-1.5">
              <Label htmlFor="try-task">Task</Label>
              <Select id="try-task" value={task} onChange={(e) => setTask(e.target.value)}>
                <option value="">Detect from prompt</option>
                {tasks.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </Select>
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="try-model">Model</Label>
              <Select id="try-model" value={model} onChange={(e) => setModel(e.target.value)}>
                <option value="auto">auto (routing policy)</option>
                {[...models]
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((m) => (
                    <option key={m.id} value={m.name}>
                      {m.name}
                    </option>
                  ))}
              </Select>
            </div>
          </div>
          <Button type="submit" loading={tryRoute.isPending} className="w-full">
            Try it
          </Button>
        </form>

        {tryRoute.isError && <ErrorAlert className="mt-4">{errorMessage(tryRoute.error)}</ErrorAlert>}
        {result && <TryResult result={result} />}
      </CardBody>
    </Card>
  );
}

function TryResult({ result }: { result: RouteTryOutput }) {
  if (!result.ok) {
    return (
      <div role="status" aria-label="Route result" className="mt-4">
        <ErrorAlert>
          <p className="font-medium">
            The gateway would refuse this request (HTTP {result.status}, <span className="font-mono">{result.code}</span>)
          </p>
          <p className="mt-0.5">{result.message}</p>
        </ErrorAlert>
      </div>
    );
  }
  return (
    <section role="status" aria-label="Route result" className="mt-4 space-y-3 border-t border-border pt-4">
      <dl className="space-y-1 text-sm">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <dt className="text-muted">Task</dt>
          <dd>
            <span className="font-mono font-medium text-fg" data-testid="try-task">
              {result.task}
            </span>{" "}
            <span className="text-xs text-muted">{SOURCE_LABELS[result.taskSource]}</span>
          </dd>
        </div>
      </dl>
      <ol aria-label="Model chain" className="space-y-1.5">
        {result.chain.map((m, i) => (
          <li
            key={m.name}
            aria-current={i === 0 ? "true" : undefined}
            className={cn("flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm", i === 0 ? "border-accent/50 bg-accent-soft" : "border-border")}
          >
            <Badge tone={i === 0 ? "accent" : "neutral"}>{i === 0 ? "Primary" : `Fallback ${i}`}</Badge>
            <span className={cn("font-mono", i === 0 ? "font-semibold text-fg" : "text-fg")}>{m.name}</span>
            <span className="text-xs text-muted">{m.provider}</span>
            {m.inHouse && <Badge tone="success">in-house</Badge>}
          </li>
        ))}
        {result.chain.length === 0 && <li className="text-sm text-muted">No model.</li>}
      </ol>
      <p className="rounded-md bg-subtle px-3 py-2 text-xs text-muted">
        <span className="font-medium text-fg">Why: </span>
        {result.reason}
      </p>
    </section>
  );
}
