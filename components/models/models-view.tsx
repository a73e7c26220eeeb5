"use client";

import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ModelsIcon } from "@/components/icons";
import { ModelDialog } from "@/components/models/model-dialog";
import { PricesDialog } from "@/components/models/prices-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCompact, formatUsd } from "@/components/ui/format";
import { Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-state";
import { Select } from "@/components/ui/select";
import { Table, TableEmptyRow, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useDeleteModel, useModels, useUpdateModel } from "@/lib/queries/models";
import type { ModelOutput } from "@/lib/schemas/models";

const COLUMNS = 8;

export function ModelsView({ initialProviderId }: { initialProviderId?: string }) {
  const canWrite = useCan("models:write");
  const models = useModels();
  const router = useRouter();
  const pathname = usePathname();
  const [providerId, setProviderId] = useState(initialProviderId ?? "");
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ModelOutput | null>(null);
  const [pricing, setPricing] = useState<ModelOutput | null>(null);
  const [deleting, setDeleting] = useState<ModelOutput | null>(null);
  const remove = useDeleteModel();
  const all = useMemo(() => models.data ?? [], [models.data]);

  // Providers from the models themselves: roles that read models may not read providers.
  const providers = useMemo(() => {
    const seen = new Map<string, string>();
    for (const m of all) seen.set(m.providerId, m.providerName);
    return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [all]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return all
      .filter((m) => !providerId || m.providerId === providerId)
      .filter((m) => !q || [m.name, m.upstreamModel, m.providerName, ...m.aliases].some((s) => s.toLowerCase().includes(q)))
      .sort((a, b) => a.providerName.localeCompare(b.providerName) || a.name.localeCompare(b.name));
  }, [all, providerId, search]);

  function chooseProvider(id: string) {
    setProviderId(id);
    router.replace(id ? `${pathname}?provider=${encodeURIComponent(id)}` : pathname, { scroll: false });
  }

  // A live object for the open dialogs, so they show fresh data after a save.
  const live = (m: ModelOutput | null) => (m ? (all.find((x) => x.id === m.id) ?? m) : null);

  return (
    <>
      <PageHeader
        title="Models"
        description="Public model names clients send, the upstream model each maps to, and its price per million tokens."
        actions={canWrite && <Button onClick={() => setAdding(true)}>Add model</Button>}
      />

      {models.isError ? (
        <QueryError what="models" error={models.error} onRetry={() => void models.refetch()} />
      ) : models.isSuccess && all.length === 0 ? (
        <EmptyState
          icon={<ModelsIcon />}
          title="No models yet"
          description="Add a model from a registered provider and set its input and output prices, so every request can be costed and routed."
          action={canWrite && <Button onClick={() => setAdding(true)}>Add model</Button>}
        />
      ) : (
        <Card>
          <div className="flex flex-wrap items-end gap-3 border-b border-border px-5 py-3">
            <div className="w-full space-y-1 sm:w-56">
              <Label htmlFor="models-provider-filter" className="text-xs text-muted">
                Provider
              </Label>
              <Select id="models-provider-filter" value={providerId} onChange={(e) => chooseProvider(e.target.value)}>
                <option value="">All providers</option>
                {providers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </div>
            <div className="w-full space-y-1 sm:w-64">
              <Label htmlFor="models-search" className="text-xs text-muted">
                Search
              </Label>
              <Input id="models-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name, alias or upstream model" />
            </div>
            <p className="ml-auto text-xs text-muted tabular-nums" aria-live="polite">
              {models.isSuccess && `${shown.length} of ${all.length} models`}
            </p>
          </div>
          <Table label="Models">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Upstream model</TH>
                <TH>Provider</TH>
                <TH align="right">Context</TH>
                <TH align="right">Input / 1M</TH>
                <TH align="right">Output / 1M</TH>
                <TH>Enabled</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {models.isPending ? (
                <TableLoadingRows columns={COLUMNS} />
              ) : shown.length === 0 ? (
                <TableEmptyRow columns={COLUMNS}>No model matches these filters.</TableEmptyRow>
              ) : (
                shown.map((m) => (
                  <ModelRow key={m.id} model={m} canWrite={canWrite} onEdit={() => setEditing(m)} onPrices={() => setPricing(m)} onDelete={() => setDeleting(m)} />
                ))
              )}
            </TBody>
          </Table>
        </Card>
      )}

      <ModelDialog open={adding} onClose={() => setAdding(false)} defaultProviderId={providerId || undefined} />
      <ModelDialog open={editing !== null} onClose={() => setEditing(null)} model={live(editing) ?? undefined} />
      <PricesDialog model={pricing} onClose={() => setPricing(null)} canWrite={canWrite} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.name ?? "model"}?`}
        description="Clients calling it by name will get an error. A model still used by a team's routing policy cannot be deleted: remove it from those policies first, or disable it."
        confirmLabel="Delete model"
        onConfirm={async () => {
          await remove.mutateAsync(deleting!.id);
          toast.success(`Model “${deleting!.name}” deleted`);
        }}
      />
    </>
  );
}

function ModelRow({ model: m, canWrite, onEdit, onPrices, onDelete }: { model: ModelOutput; canWrite: boolean; onEdit: () => void; onPrices: () => void; onDelete: () => void }) {
  const update = useUpdateModel();
  function toggle(enabled: boolean) {
    update.mutate(
      { id: m.id, input: { enabled } },
      {
        onSuccess: () => toast.success(`${m.name} ${enabled ? "enabled" : "disabled"}`),
        onError: (err) => toast.error(`Could not update ${m.name}`, { description: errorMessage(err) }),
      },
    );
  }
  return (
    <TR>
      <TD>
        <div className="font-mono text-[13px] font-medium whitespace-nowrap text-fg">{m.name}</div>
        {m.aliases.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1" aria-label={`Aliases of ${m.name}`}>
            {m.aliases.map((a) => (
              <Badge key={a} className="font-mono text-[11px] whitespace-nowrap">
                {a}
              </Badge>
            ))}
          </div>
        )}
      </TD>
      <TD>
        <span className="block max-w-48 truncate font-mono text-xs text-muted" title={m.upstreamModel}>
          {m.upstreamModel}
        </span>
      </TD>
      <TD>
        <div className="flex flex-wrap items-center gap-2 whitespace-nowrap">
          <span>{m.providerName}</span>
          {m.inHouse && <Badge tone="success">in-house</Badge>}
        </div>
      </TD>
      <TD align="right" className="text-muted">
        {m.contextWindow ? formatCompact(m.contextWindow) : "—"}
      </TD>
      <TD align="right">{formatUsd(m.inputPricePerMTok, { precise: true })}</TD>
      <TD align="right">{formatUsd(m.outputPricePerMTok, { precise: true })}</TD>
      <TD>
        {canWrite ? (
          <Switch checked={m.enabled} onCheckedChange={toggle} disabled={update.isPending} aria-label={`${m.name} enabled`} />
        ) : (
          <Badge tone={m.enabled ? "success" : "neutral"}>{m.enabled ? "enabled" : "disabled"}</Badge>
        )}
      </TD>
      <TD>
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="sm" onClick={onPrices} aria-label={`Prices of ${m.name}`}>
            Prices
          </Button>
          {canWrite && (
            <>
              <Button variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${m.name}`}>
                Edit
              </Button>
              <Button variant="ghost" size="sm" onClick={onDelete} aria-label={`Delete ${m.name}`} className="hover:text-danger">
                Delete
              </Button>
            </>
          )}
        </div>
      </TD>
    </TR>
  );
}
