"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { PRESETS, type Preset } from "@/lib/charts/ranges";
import type { SpendGroup, SpendInterval, SpendSummaryOutput } from "@/lib/schemas/spend";

export type DashboardState = {
  preset: Preset;
  customFrom?: string; // YYYY-MM-DD, UTC
  customTo?: string;
  groupBy: SpendGroup;
  interval?: SpendInterval; // unset: the range's default
  teamId?: string;
  model?: string;
  provider?: string;
  task?: string;
};

const PRESET_LABEL: Record<Preset, string> = { "24h": "24 h", "7d": "7 days", "30d": "30 days", "90d": "90 days", custom: "Custom" };

type Option = { key: string; label: string };

/** Range presets (+ custom UTC dates) and team/model/provider/task filters. Choices: what had traffic in the range. */
export function SpendFiltersBar({ state, onChange, options }: { state: DashboardState; onChange: (patch: Partial<DashboardState>) => void; options?: SpendSummaryOutput }) {
  const filtered = Boolean(state.teamId || state.model || state.provider || state.task);
  return (
    <Card className="p-4">
      <div className="flex flex-wrap items-end gap-4">
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-fg">Range</legend>
          <div role="group" aria-label="Date range" className="inline-flex rounded-md border border-border-strong bg-surface p-0.5 shadow-xs">
            {PRESETS.map((p) => (
              <button
                key={p}
                type="button"
                aria-pressed={state.preset === p}
                onClick={() => onChange({ preset: p, interval: undefined })}
                className={cn("rounded px-2.5 py-1 text-sm font-medium transition-colors", state.preset === p ? "bg-accent text-accent-fg" : "text-muted hover:bg-subtle hover:text-fg")}
              >
                {PRESET_LABEL[p]}
              </button>
            ))}
          </div>
        </fieldset>
        {state.preset === "custom" && (
          <>
            <div className="space-y-1.5">
              <Label htmlFor="spend-from">From (UTC)</Label>
              <Input id="spend-from" type="date" value={state.customFrom ?? ""} onChange={(e) => onChange({ customFrom: e.target.value, interval: undefined })} className="w-40" />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="spend-to">To (UTC, inclusive)</Label>
              <Input id="spend-to" type="date" value={state.customTo ?? ""} onChange={(e) => onChange({ customTo: e.target.value, interval: undefined })} className="w-40" />
            </div>
          </>
        )}
        <FilterSelect id="spend-team" label="Team" value={state.teamId} options={options?.teams} onChange={(teamId) => onChange({ teamId })} />
        <FilterSelect id="spend-model" label="Model" value={state.model} options={options?.models} onChange={(model) => onChange({ model })} />
        <FilterSelect id="spend-provider" label="Provider" value={state.provider} options={options?.providers} onChange={(provider) => onChange({ provider })} />
        <FilterSelect id="spend-task" label="Task" value={state.task} options={options?.tasks} onChange={(task) => onChange({ task })} />
        {filtered && (
          <Button variant="ghost" size="sm" onClick={() => onChange({ teamId: undefined, model: undefined, provider: undefined, task: undefined })}>
            Clear filters
          </Button>
        )}
      </div>
    </Card>
  );
}

function FilterSelect({ id, label, value, options, onChange }: { id: string; label: string; value?: string; options?: Option[]; onChange: (v: string | undefined) => void }) {
  // Keys with no traffic (e.g. "(none)", a request that never reached a model) are not useful filters.
  const list = (options ?? []).filter((o) => o.key !== "");
  if (value && !list.some((o) => o.key === value)) list.unshift({ key: value, label: value });
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className="w-44">
        <option value="">All</option>
        {list
          .slice()
          .sort((a, b) => a.label.localeCompare(b.label))
          .map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
      </Select>
    </div>
  );
}
