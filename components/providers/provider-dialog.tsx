"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { useRouter } from "next/navigation";
import { ProviderTestResult } from "@/components/providers/test-result";
import { BASE_URL_EXAMPLES, KIND_LABELS } from "@/components/providers/provider-labels";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { controlProps, formErrorsFromApi, FormField, numberOrUndefined, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useCreateProvider, useTestProvider, useUpdateProvider } from "@/lib/queries/providers";
import {
  PROVIDER_KINDS,
  providerCreateInput,
  providerTestInput,
  providerUpdateInput,
  type ProviderKindApi,
  type ProviderOutput,
  type ProviderTestInput,
  type ProviderUpdateInput,
} from "@/lib/schemas/providers";

const FIELDS = ["name", "kind", "baseUrl", "apiKey", "inHouse", "connectTimeoutMs", "firstByteTimeoutMs", "idleTimeoutMs"] as const;
const TIMEOUTS = [
  { field: "connectTimeoutMs", label: "Connect timeout (ms)", hint: "Opening the TCP/TLS connection." },
  { field: "firstByteTimeoutMs", label: "First byte timeout (ms)", hint: "Until the upstream starts answering." },
  { field: "idleTimeoutMs", label: "Idle timeout (ms)", hint: "Longest silence inside a streamed answer." },
] as const;
export const BASE_URL_KEY_NOTE = "Changing the base URL requires re-entering the API key";

type Values = {
  name: string;
  kind: ProviderKindApi;
  baseUrl: string;
  apiKey: string;
  inHouse: boolean;
  connectTimeoutMs: string;
  firstByteTimeoutMs: string;
  idleTimeoutMs: string;
};

function initialValues(provider?: ProviderOutput): Values {
  return {
    name: provider?.name ?? "",
    kind: provider?.kind ?? "openai",
    baseUrl: provider?.baseUrl ?? "",
    apiKey: "",
    inHouse: provider?.inHouse ?? false,
    connectTimeoutMs: provider ? String(provider.connectTimeoutMs) : "",
    firstByteTimeoutMs: provider ? String(provider.firstByteTimeoutMs) : "",
    idleTimeoutMs: provider ? String(provider.idleTimeoutMs) : "",
  };
}

/** Add (no `provider`) or edit a provider, with "Test connection" before saving. */
export function ProviderDialog({ open, onClose, provider }: { open: boolean; onClose: () => void; provider?: ProviderOutput }) {
  if (!open) return null;
  return <ProviderForm onClose={onClose} provider={provider} />;
}

function ProviderForm({ onClose, provider }: { onClose: () => void; provider?: ProviderOutput }) {
  const router = useRouter();
  const [values, setValues] = useState<Values>(() => initialValues(provider));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const test = useTestProvider();
  const editing = Boolean(provider);
  const baseUrlChanged = editing && values.baseUrl.trim() !== provider!.baseUrl;
  const keyRequired = baseUrlChanged && provider!.hasApiKey;
  const busy = create.isPending || update.isPending;

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => {
      if (!(field in e)) return e;
      const { [field]: _, ...rest } = e;
      return rest;
    });
    // A result for other settings would mislead.
    if (field === "kind" || field === "baseUrl" || field === "apiKey") test.reset();
  };

  function keyRuleError(): FieldErrors {
    return keyRequired && !values.apiKey.trim() ? { apiKey: BASE_URL_KEY_NOTE } : {};
  }

  function runTest() {
    setFormError(null);
    const input: ProviderTestInput = editing
      ? {
          ...(values.kind !== provider!.kind ? { kind: values.kind } : {}),
          ...(baseUrlChanged ? { baseUrl: values.baseUrl } : {}),
          ...(values.apiKey.trim() ? { apiKey: values.apiKey } : {}),
        }
      : { kind: values.kind, baseUrl: values.baseUrl, ...(values.apiKey.trim() ? { apiKey: values.apiKey } : {}) };
    const parsed = providerTestInput.safeParse(input);
    const problems = { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...keyRuleError() };
    if (!editing && !values.baseUrl.trim()) problems.baseUrl = "Required";
    if (Object.keys(problems).length > 0) {
      setErrors((e) => ({ ...e, ...problems }));
      return;
    }
    test.mutate(
      { id: provider?.id, input: parsed.data! },
      {
        onError: (err) => {
          const mapped = formErrorsFromApi(err, FIELDS);
          setErrors((e) => ({ ...e, ...mapped.fields }));
          setFormError(mapped.form);
        },
      },
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const timeouts = {
      connectTimeoutMs: numberOrUndefined(values.connectTimeoutMs),
      firstByteTimeoutMs: numberOrUndefined(values.firstByteTimeoutMs),
      idleTimeoutMs: numberOrUndefined(values.idleTimeoutMs),
    };
    const onError = (err: unknown) => {
      const mapped = formErrorsFromApi(err, FIELDS, "name");
      setErrors(mapped.fields);
      setFormError(mapped.form);
    };

    if (!provider) {
      const parsed = providerCreateInput.safeParse({
        name: values.name,
        kind: values.kind,
        baseUrl: values.baseUrl,
        apiKey: values.apiKey.trim() ? values.apiKey : undefined,
        inHouse: values.inHouse,
        enabled: true,
        ...timeouts,
      });
      if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
      create.mutate(parsed.data, {
        onSuccess: (created) => {
          toast.success(`Provider “${created.name}” added`, {
            description: "Next, publish one of its models with prices.",
            action: { label: "Add a model", onClick: () => router.push("/models") },
          });
          onClose();
        },
        onError,
      });
      return;
    }

    // Send only what changed: the API treats a new baseUrl specially, and an untouched key stays as stored.
    const patch: ProviderUpdateInput = {};
    if (values.name.trim() !== provider.name) patch.name = values.name;
    if (values.kind !== provider.kind) patch.kind = values.kind;
    if (baseUrlChanged) patch.baseUrl = values.baseUrl;
    if (values.apiKey.trim()) patch.apiKey = values.apiKey;
    if (values.inHouse !== provider.inHouse) patch.inHouse = values.inHouse;
    for (const t of TIMEOUTS) {
      const value = timeouts[t.field];
      if (value !== provider[t.field]) (patch as Record<string, unknown>)[t.field] = value;
    }
    const parsed = providerUpdateInput.safeParse(patch);
    const problems = { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...keyRuleError() };
    for (const t of TIMEOUTS) if (timeouts[t.field] === undefined) problems[t.field] = "Required";
    if (Object.keys(problems).length > 0) return setErrors(problems);
    if (Object.keys(parsed.data!).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: provider.id, input: parsed.data! },
      {
        onSuccess: (saved) => {
          toast.success(`Provider “${saved.name}” saved`);
          onClose();
        },
        onError,
      },
    );
  }

  const keyPlaceholder = editing ? (provider!.hasApiKey ? `unchanged (${provider!.apiKeyHint ?? "stored"})` : "none stored") : "sk-…";
  const advancedHasError = TIMEOUTS.some((t) => errors[t.field]);

  return (
    <Dialog
      open
      onClose={onClose}
      title={editing ? `Edit ${provider!.name}` : "Add provider"}
      description={editing ? "Changes apply to live traffic within a second." : "An upstream LLM service. The API key is encrypted at rest and never shown again."}
      size="lg"
      dismissible={!busy}
      onSubmit={onSubmit}
      footer={
        <>
          <Button variant="secondary" onClick={runTest} loading={test.isPending} disabled={busy} className="mr-auto">
            Test connection
          </Button>
          <FormDialogFooter onCancel={onClose} pending={busy} submitLabel={editing ? "Save" : "Add provider"} />
        </>
      }
    >
      <div className="space-y-4">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="provider-name" label="Name" error={errors.name} hint="Shown in routing decisions and response headers.">
            <Input {...controlProps("provider-name", { error: errors.name, hint: true })} value={values.name} onChange={(e) => set("name", e.target.value)} placeholder="OpenAI production" autoComplete="off" autoFocus />
          </FormField>
          <FormField id="provider-kind" label="Kind" error={errors.kind} hint="The wire protocol it speaks.">
            <Select {...controlProps("provider-kind", { error: errors.kind, hint: true })} value={values.kind} onChange={(e) => set("kind", e.target.value as ProviderKindApi)}>
              {PROVIDER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          </FormField>
        </div>
        <FormField
          id="provider-base-url"
          label="Base URL"
          error={errors.baseUrl}
          hint="Private and loopback addresses must be on the upstream allowlist (Settings)."
        >
          <Input
            {...controlProps("provider-base-url", { error: errors.baseUrl, hint: true })}
            value={values.baseUrl}
            onChange={(e) => set("baseUrl", e.target.value)}
            placeholder={BASE_URL_EXAMPLES[values.kind]}
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </FormField>
        <FormField
          id="provider-api-key"
          label="API key"
          optional={!keyRequired}
          error={errors.apiKey}
          hint={keyRequired ? BASE_URL_KEY_NOTE + ": the stored key is never sent to a new host." : editing ? "Leave empty to keep the stored key." : "Write-only. Leave empty for keyless in-house servers."}
        >
          <Input
            {...controlProps("provider-api-key", { error: errors.apiKey, hint: true })}
            type="password"
            value={values.apiKey}
            onChange={(e) => set("apiKey", e.target.value)}
            placeholder={keyRequired ? "Enter the API key again" : keyPlaceholder}
            autoComplete="new-password"
            required={keyRequired}
            spellCheck={false}
            className="font-mono"
          />
        </FormField>
        <Checkbox
          id="provider-in-house"
          label="In-house"
          description="Runs on your own infrastructure (e.g. vLLM): counted separately in spend and preferred for sensitive data."
          checked={values.inHouse}
          onChange={(e) => set("inHouse", e.target.checked)}
        />
        <details open={advancedHasError || undefined} className="group rounded-lg border border-border">
          <summary className="cursor-pointer rounded-lg px-4 py-2.5 text-sm font-medium text-fg select-none hover:bg-subtle">Advanced: timeouts</summary>
          <div className="grid gap-4 border-t border-border px-4 py-4 sm:grid-cols-3">
            {TIMEOUTS.map((t) => (
              <FormField key={t.field} id={`provider-${t.field}`} label={t.label} error={errors[t.field]} hint={t.hint} optional={!editing}>
                <Input
                  {...controlProps(`provider-${t.field}`, { error: errors[t.field], hint: true })}
                  type="number"
                  min={100}
                  step={100}
                  inputMode="numeric"
                  value={values[t.field]}
                  onChange={(e) => set(t.field, e.target.value)}
                  placeholder="default"
                />
              </FormField>
            ))}
          </div>
        </details>
        {test.data && <ProviderTestResult result={test.data} />}
      </div>
    </Dialog>
  );
}
