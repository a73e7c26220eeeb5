"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { ProvidersIcon } from "@/components/icons";
import { ProviderDialog } from "@/components/providers/provider-dialog";
import { KIND_LABELS } from "@/components/providers/provider-labels";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatInt, formatMs, formatPercent } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Table, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useDeleteProvider, useProviders, useUpdateProvider } from "@/lib/queries/providers";
import type { ProviderOutput } from "@/lib/schemas/providers";

const COLUMNS = 8;

export function ProvidersView() {
  const canWrite = useCan("providers:write");
  const providers = useProviders();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ProviderOutput | null>(null);
  const [deleting, setDeleting] = useState<ProviderOutput | null>(null);
  const remove = useDeleteProvider();
  const list = providers.data ?? [];

  return (
    <>
      <PageHeader
        title="Providers"
        description="Upstream LLM services Switchyard routes to, with their credentials, timeouts and health over the last 24 hours."
        actions={canWrite && <Button onClick={() => setAdding(true)}>Add provider</Button>}
      />

      {providers.isError ? (
        <QueryError what="providers" error={providers.error} onRetry={() => void providers.refetch()} />
      ) : providers.isSuccess && list.length === 0 ? (
        <EmptyState
          icon={<ProvidersIcon />}
          title="No providers yet"
          description="Register OpenAI, Anthropic or an in-house OpenAI-compatible server to start routing. API keys are encrypted at rest and only a short hint is ever shown again."
          action={canWrite && <Button onClick={() => setAdding(true)}>Add provider</Button>}
        />
      ) : (
        <Card>
          <Table label="Providers">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Kind</TH>
                <TH>Base URL</TH>
                <TH>API key</TH>
                <TH align="right">Models</TH>
                <TH>Health (24 h)</TH>
                <TH>Enabled</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {providers.isPending ? (
                <TableLoadingRows columns={COLUMNS} />
              ) : (
                list.map((p) => <ProviderRow key={p.id} provider={p} canWrite={canWrite} onEdit={() => setEditing(p)} onDelete={() => setDeleting(p)} />)
              )}
            </TBody>
          </Table>
        </Card>
      )}

      <ProviderDialog open={adding} onClose={() => setAdding(false)} />
      <ProviderDialog open={editing !== null} onClose={() => setEditing(null)} provider={editing ?? undefined} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? "provider"}?`}
        description="Its encrypted API key is destroyed. A provider that still has models cannot be deleted: delete or move its models first, or disable it instead."
        confirmLabel="Delete provider"
        onConfirm={async () => {
          await remove.mutateAsync(deleting!.id);
          toast.success(`Provider “${deleting!.name}” deleted`);
        }}
      />
    </>
  );
}

function ProviderRow({ provider: p, canWrite, onEdit, onDelete }: { provider: ProviderOutput; canWrite: boolean; onEdit: () => void; onDelete: () => void }) {
  const update = useUpdateProvider();
  function toggle(enabled: boolean) {
    update.mutate(
      { id: p.id, input: { enabled } },
      {
        onSuccess: () => toast.success(`${p.name} ${enabled ? "enabled" : "disabled"}`, { description: enabled ? undefined : "Its models are skipped by routing until it is enabled again." }),
        onError: (err) => toast.error(`Could not update ${p.name}`, { description: errorMessage(err) }),
      },
    );
  }
  return (
    <TR>
      <TD>
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium whitespace-nowrap text-fg">{p.name}</span>
          {p.inHouse && <Badge tone="success">in-house</Badge>}
        </div>
      </TD>
      <TD className="whitespace-nowrap text-muted">{KIND_LABELS[p.kind]}</TD>
      <TD>
        <span className="block max-w-64 truncate font-mono text-xs text-muted" title={p.baseUrl}>
          {p.baseUrl}
        </span>
      </TD>
      <TD className="whitespace-nowrap">{p.hasApiKey ? <span className="font-mono text-xs">{p.apiKeyHint ?? "stored"}</span> : <span className="text-muted">none</span>}</TD>
      <TD align="right">
        <Link href={`/models?provider=${encodeURIComponent(p.id)}`} className="rounded text-accent-text hover:underline" aria-label={`${p.modelCount} models of ${p.name}`}>
          {formatInt(p.modelCount)}
        </Link>
      </TD>
      <TD>
        <ProviderHealth health={p.health} />
      </TD>
      <TD>
        {canWrite ? (
          <Switch checked={p.enabled} onCheckedChange={toggle} disabled={update.isPending} aria-label={`${p.name} enabled`} />
        ) : (
          <Badge tone={p.enabled ? "success" : "neutral"}>{p.enabled ? "enabled" : "disabled"}</Badge>
        )}
      </TD>
      <TD>
        {canWrite && (
          <div className="flex justify-end gap-1">
            <Button variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${p.name}`}>
              Edit
            </Button>
            <Button variant="ghost" size="sm" onClick={onDelete} aria-label={`Delete ${p.name}`} className="hover:text-danger">
              Delete
            </Button>
          </div>
        )}
      </TD>
    </TR>
  );
}

function ProviderHealth({ health }: { health: ProviderOutput["health"] }) {
  if (health.requests === 0) return <span className="text-muted">No traffic</span>;
  const rate = health.errorRate ?? 0;
  const tone = rate >= 0.05 ? "danger" : rate >= 0.01 ? "warning" : "success";
  return (
    <div className="flex flex-col gap-0.5 whitespace-nowrap text-xs">
      <span className="inline-flex items-center gap-1.5 text-fg">
        <span aria-hidden className={`size-2 rounded-full ${tone === "danger" ? "bg-danger" : tone === "warning" ? "bg-warning" : "bg-success"}`} />
        {formatInt(health.requests)} requests
      </span>
      <span className="text-muted tabular-nums">
        {formatPercent(health.errorRate)} errors · {formatMs(health.avgLatencyMs)} avg
      </span>
    </div>
  );
}
