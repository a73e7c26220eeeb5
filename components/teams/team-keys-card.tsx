"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { AlertIcon, CheckIcon, KeyIcon } from "@/components/icons";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { controlProps, formErrorsFromApi, FormField, numberOrUndefined, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatDate, formatDateTime, formatRelative, formatUsd } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Table, TableLoadingRows, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useCan } from "@/lib/auth/use-can";
import { errorMessage } from "@/lib/queries/fetch-json";
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKeyCreated } from "@/lib/queries/teams";
import { apiKeyCreateInput, type ApiKeyOutput } from "@/lib/schemas/teams";

const STATUS_TONE = { active: "success", expired: "warning", revoked: "neutral" } as const;

export function TeamKeysCard({ teamId, teamName, archived }: { teamId: string; teamName: string; archived: boolean }) {
  const canWrite = useCan("keys:write") && !archived;
  const keys = useApiKeys(teamId);
  const revoke = useRevokeApiKey(teamId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyOutput | null>(null);
  // Active keys first, then the rest, newest first within each.
  const list = [...(keys.data ?? [])].sort((a, b) => Number(b.status === "active") - Number(a.status === "active") || b.createdAt.localeCompare(a.createdAt));
  const columns = canWrite ? 8 : 7;

  return (
    <Card>
      <CardHeader
        title="API keys"
        description="Keys this team sends to the gateway as a Bearer token. Only the prefix is stored in a readable form."
        actions={canWrite && <Button size="sm" onClick={() => setCreating(true)}>Create key</Button>}
      />
      {keys.isError ? (
        <div className="px-5 py-4">
          <ErrorAlert>Could not load API keys: {errorMessage(keys.error)}</ErrorAlert>
        </div>
      ) : keys.isSuccess && list.length === 0 ? (
        <EmptyState
          bare
          icon={<KeyIcon />}
          title="No API keys yet"
          description={canWrite ? "Create a key and give it to the service that calls the gateway." : "A team lead or admin creates keys for this team."}
          action={canWrite && <Button onClick={() => setCreating(true)}>Create key</Button>}
          className="py-8"
        />
      ) : (
        <Table label="API keys">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Key</TH>
              <TH>Created</TH>
              <TH>Created by</TH>
              <TH>Last used</TH>
              <TH>Expires</TH>
              <TH>Status</TH>
              {canWrite && (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              )}
            </tr>
          </THead>
          <TBody>
            {keys.isPending ? (
              <TableLoadingRows columns={columns} rows={2} />
            ) : (
              list.map((k) => (
                <TR key={k.id} className={cn(k.status !== "active" && "text-muted")}>
                  <TD className="font-medium">
                    {k.name}
                    {k.monthlyBudgetUsd !== null && <div className="text-xs font-normal text-muted">{formatUsd(k.monthlyBudgetUsd)} / month</div>}
                  </TD>
                  <TD className="font-mono text-xs whitespace-nowrap">{k.prefix}…</TD>
                  <TD className="whitespace-nowrap" title={formatDateTime(k.createdAt)}>
                    {formatDate(k.createdAt)}
                  </TD>
                  <TD className="text-muted">{k.createdBy ?? "—"}</TD>
                  <TD className="whitespace-nowrap" title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined}>
                    {k.lastUsedAt ? formatRelative(k.lastUsedAt) : <span className="text-muted">Never</span>}
                  </TD>
                  <TD className="whitespace-nowrap" title={k.expiresAt ? formatDateTime(k.expiresAt) : undefined}>
                    {k.expiresAt ? formatDate(k.expiresAt) : <span className="text-muted">Never</span>}
                  </TD>
                  <TD>
                    <Badge tone={STATUS_TONE[k.status]}>{k.status}</Badge>
                  </TD>
                  {canWrite && (
                    <TD align="right">
                      {k.status === "active" && (
                        <Button variant="ghost" size="sm" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`} className="hover:text-danger">
                          Revoke
                        </Button>
                      )}
                    </TD>
                  )}
                </TR>
              ))
            )}
          </TBody>
        </Table>
      )}

      <CreateKeyDialog
        open={creating}
        teamId={teamId}
        teamName={teamName}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
      />
      <NewKeyDialog created={created} onClose={() => setCreated(null)} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${revoking?.name ?? "key"}?`}
        description={
          <>
            Requests with <span className="font-mono text-fg">{revoking?.prefix}…</span> are refused within a second on every instance. This cannot be undone.
          </>
        }
        confirmLabel="Revoke key"
        onConfirm={async () => {
          await revoke.mutateAsync(revoking!.id);
          toast.success(`Key “${revoking!.name}” revoked`);
        }}
      />
    </Card>
  );
}

function CreateKeyDialog({ open, ...props }: { open: boolean; teamId: string; teamName: string; onClose: () => void; onCreated: (key: ApiKeyCreated) => void }) {
  if (!open) return null;
  return <CreateKeyForm {...props} />;
}

function CreateKeyForm({ teamId, teamName, onClose, onCreated }: { teamId: string; teamName: string; onClose: () => void; onCreated: (key: ApiKeyCreated) => void }) {
  const create = useCreateApiKey(teamId);
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const [budget, setBudget] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    // A date means "valid through that day" in the viewer's time zone.
    const expiresAt = expires ? new Date(`${expires}T23:59:59`) : undefined;
    const parsed = apiKeyCreateInput.safeParse({ name, expiresAt, monthlyBudgetUsd: numberOrUndefined(budget) });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    create.mutate(parsed.data, {
      onSuccess: onCreated,
      onError: (err) => {
        const mapped = formErrorsFromApi(err, ["name", "expiresAt", "monthlyBudgetUsd"], "name");
        setErrors(mapped.fields);
        setFormError(mapped.form);
      },
    });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Create API key"
      description={`A new gateway key for ${teamName}. It is shown once, right after it is created.`}
      dismissible={!create.isPending}
      onSubmit={onSubmit}
      footer={<FormDialogFooter onCancel={onClose} pending={create.isPending} submitLabel="Create key" />}
    >
      <div className="space-y-4">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        <FormField id="key-name" label="Name" error={errors.name} hint="Where it is used, e.g. “support-bot production”.">
          <Input {...controlProps("key-name", { error: errors.name, hint: true })} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" autoFocus />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="key-expires" label="Expires on" optional error={errors.expiresAt} hint="Empty: never expires.">
            <Input
              {...controlProps("key-expires", { error: errors.expiresAt, hint: true })}
              type="date"
              min={new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
            />
          </FormField>
          <FormField id="key-budget" label="Monthly budget (USD)" optional error={errors.monthlyBudgetUsd} hint="A cap for this key alone.">
            <Input {...controlProps("key-budget", { error: errors.monthlyBudgetUsd, hint: true })} type="number" min={0} step="any" inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder="Team budget only" />
          </FormField>
        </div>
      </div>
    </Dialog>
  );
}

/** The one time the full key is visible. Closing it forgets the key. */
function NewKeyDialog({ created, onClose }: { created: ApiKeyCreated | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  if (!created) return null;

  async function copy() {
    try {
      await navigator.clipboard.writeText(created!.key);
    } catch {
      // Clipboard API unavailable (insecure origin, permissions): select the text so Ctrl+C works.
      const input = document.getElementById("new-api-key") as HTMLInputElement | null;
      input?.select();
      if (!document.execCommand?.("copy")) {
        toast.error("Could not copy automatically: the key is selected, press Ctrl+C.");
        return;
      }
    }
    setCopied(true);
    toast.success("API key copied");
  }

  return (
    <Dialog
      open
      onClose={() => {
        setCopied(false);
        onClose();
      }}
      title="Copy your new API key"
      description={`“${created.name}” is ready.`}
      dismissible
      footer={
        <Button
          onClick={() => {
            setCopied(false);
            onClose();
          }}
        >
          Done
        </Button>
      }
    >
      <div className="space-y-4">
        <div role="alert" className="flex gap-2.5 rounded-md border border-warning/30 bg-warning-soft px-3 py-2.5 text-sm text-warning">
          <AlertIcon className="mt-px size-4 shrink-0" />
          <p>This key won&apos;t be shown again. Store it in your secret manager now; if it is lost, revoke it and create a new one.</p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="new-api-key" className="block text-sm font-medium text-fg">
            New API key
          </label>
          <div className="flex gap-2">
            <Input id="new-api-key" readOnly value={created.key} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" spellCheck={false} />
            <Button variant="secondary" onClick={() => void copy()} aria-label="Copy">
              {copied ? <CheckIcon className="size-4" /> : null}
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
        <p className="text-xs text-muted">
          Use it as the API key of any OpenAI client with base URL <span className="font-mono text-fg">{typeof window === "undefined" ? "" : window.location.origin}/api/route/v1</span>.
        </p>
      </div>
    </Dialog>
  );
}
