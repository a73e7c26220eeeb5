"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { controlProps, formErrorsFromApi, FormField, numberOrUndefined, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useCreateModel, useUpdateModel } from "@/lib/queries/models";
import { useProviders, useTestProvider } from "@/lib/queries/providers";
import { modelCreateInput, modelUpdateInput, type ModelOutput, type ModelUpdateInput } from "@/lib/schemas/models";

const FIELDS = ["providerId", "name", "upstreamModel", "aliases", "contextWindow", "maxOutputTokens", "inputPricePerMTok", "outputPricePerMTok", "enabled"] as const;

type Values = {
  providerId: string;
  name: string;
  upstreamModel: string;
  aliases: string;
  contextWindow: string;
  maxOutputTokens: string;
  inputPricePerMTok: string;
  outputPricePerMTok: string;
  enabled: boolean;
};

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export function parseAliases(text: string): string[] {
  return text
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
}

/** Add (no `model`) or edit a model. Prices changed here start a new price version now. */
export function ModelDialog({ open, onClose, model, defaultProviderId }: { open: boolean; onClose: () => void; model?: ModelOutput; defaultProviderId?: string }) {
  if (!open) return null;
  return <ModelForm onClose={onClose} model={model} defaultProviderId={defaultProviderId} />;
}

function ModelForm({ onClose, model, defaultProviderId }: { onClose: () => void; model?: ModelOutput; defaultProviderId?: string }) {
  const providers = useProviders();
  const create = useCreateModel();
  const update = useUpdateModel();
  const upstream = useTestProvider();
  const datalistId = useId();
  const [values, setValues] = useState<Values>(() => ({
    providerId: model?.providerId ?? defaultProviderId ?? "",
    name: model?.name ?? "",
    upstreamModel: model?.upstreamModel ?? "",
    aliases: model?.aliases.join(", ") ?? "",
    contextWindow: str(model?.contextWindow),
    maxOutputTokens: str(model?.maxOutputTokens),
    inputPricePerMTok: str(model?.inputPricePerMTok),
    outputPricePerMTok: str(model?.outputPricePerMTok),
    enabled: model?.enabled ?? true,
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const busy = create.isPending || update.isPending;
  const providerList = providers.data ?? [];

  // The first provider once the list arrives, when none was chosen.
  useEffect(() => {
    if (!values.providerId && providerList[0]) setValues((v) => ({ ...v, providerId: providerList[0]!.id }));
  }, [providerList, values.providerId]);

  // Suggest upstream model ids from the provider's own /models list (best effort: a failure only loses suggestions).
  const { mutate: loadUpstream, reset: resetUpstream } = upstream;
  useEffect(() => {
    if (model || !values.providerId) return;
    resetUpstream();
    loadUpstream({ id: values.providerId, input: {} });
  }, [model, values.providerId, loadUpstream, resetUpstream]);

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => {
      if (!(field in e)) return e;
      const { [field]: _, ...rest } = e;
      return rest;
    });
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const onError = (err: unknown) => {
      const mapped = formErrorsFromApi(err, FIELDS, "name");
      setErrors(mapped.fields);
      setFormError(mapped.form);
    };
    const common = {
      name: values.name,
      upstreamModel: values.upstreamModel,
      aliases: parseAliases(values.aliases),
      inputPricePerMTok: numberOrUndefined(values.inputPricePerMTok),
      outputPricePerMTok: numberOrUndefined(values.outputPricePerMTok),
    };

    if (!model) {
      const parsed = modelCreateInput.safeParse({
        ...common,
        providerId: values.providerId,
        contextWindow: numberOrUndefined(values.contextWindow),
        maxOutputTokens: numberOrUndefined(values.maxOutputTokens),
        enabled: values.enabled,
      });
      if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
      create.mutate(parsed.data, {
        onSuccess: (created) => {
          toast.success(`Model “${created.name}” added`, { description: "Clients can call it by name once a routing policy allows it." });
          onClose();
        },
        onError,
      });
      return;
    }

    const patch: ModelUpdateInput = {};
    if (values.name.trim() !== model.name) patch.name = values.name;
    if (values.upstreamModel.trim() !== model.upstreamModel) patch.upstreamModel = values.upstreamModel;
    if (common.aliases.join("\n") !== model.aliases.join("\n")) patch.aliases = common.aliases;
    const ctx = values.contextWindow.trim() === "" ? null : Number(values.contextWindow);
    if (ctx !== model.contextWindow) patch.contextWindow = ctx;
    const maxOut = values.maxOutputTokens.trim() === "" ? null : Number(values.maxOutputTokens);
    if (maxOut !== model.maxOutputTokens) patch.maxOutputTokens = maxOut;
    if (values.enabled !== model.enabled) patch.enabled = values.enabled;
    if (common.inputPricePerMTok !== model.inputPricePerMTok || common.outputPricePerMTok !== model.outputPricePerMTok) {
      patch.inputPricePerMTok = common.inputPricePerMTok;
      patch.outputPricePerMTok = common.outputPricePerMTok;
    }
    const parsed = modelUpdateInput.safeParse(patch);
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    if (Object.keys(parsed.data).length === 0) return onClose();
    update.mutate(
      { id: model.id, input: parsed.data },
      {
        onSuccess: (saved) => {
          toast.success(`Model “${saved.name}” saved`, { description: patch.inputPricePerMTok !== undefined ? "The new prices apply from now; the old ones stay in the price history." : undefined });
          onClose();
        },
        onError,
      },
    );
  }

  const suggestions = upstream.data?.ok ? upstream.data.models : [];
  const pricesChanged =
    model && (numberOrUndefined(values.inputPricePerMTok) !== model.inputPricePerMTok || numberOrUndefined(values.outputPricePerMTok) !== model.outputPricePerMTok);

  return (
    <Dialog
      open
      onClose={onClose}
      title={model ? `Edit ${model.name}` : "Add model"}
      description={model ? "Renaming changes what clients send: update routing policies and clients too." : "Publish an upstream model under the name clients send, with its price per million tokens."}
      size="lg"
      dismissible={!busy}
      onSubmit={onSubmit}
      footer={<FormDialogFooter onCancel={onClose} pending={busy} submitLabel={model ? "Save" : "Add model"} />}
    >
      <div className="space-y-4">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        <FormField id="model-provider" label="Provider" error={errors.providerId} hint={model ? "A model stays with its provider; add a new model to move it." : undefined}>
          <Select
            {...controlProps("model-provider", { error: errors.providerId, hint: Boolean(model) })}
            value={values.providerId}
            onChange={(e) => set("providerId", e.target.value)}
            disabled={Boolean(model) || providers.isPending}
          >
            {model && !providerList.some((p) => p.id === model.providerId) && <option value={model.providerId}>{model.providerName}</option>}
            {providers.isPending && !model && <option value="">Loading providers…</option>}
            {providers.isSuccess && providerList.length === 0 && <option value="">No providers: add one first</option>}
            {providerList.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.inHouse ? " (in-house)" : ""}
                {p.enabled ? "" : " (disabled)"}
              </option>
            ))}
          </Select>
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="model-name" label="Public name" error={errors.name} hint="What clients send as “model”.">
            <Input {...controlProps("model-name", { error: errors.name, hint: true })} value={values.name} onChange={(e) => set("name", e.target.value)} placeholder="gpt-4o" autoComplete="off" spellCheck={false} className="font-mono" autoFocus={!model} />
          </FormField>
          <FormField id="model-upstream" label="Upstream model" error={errors.upstreamModel} hint={suggestions.length > 0 ? `${suggestions.length} suggestions from the provider.` : "The id the provider expects."}>
            <Input
              {...controlProps("model-upstream", { error: errors.upstreamModel, hint: true })}
              value={values.upstreamModel}
              onChange={(e) => set("upstreamModel", e.target.value)}
              list={suggestions.length > 0 ? datalistId : undefined}
              placeholder="gpt-4o-2024-08-06"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
            />
            {suggestions.length > 0 && (
              <datalist id={datalistId}>
                {suggestions.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            )}
          </FormField>
        </div>
        <FormField id="model-aliases" label="Aliases" optional error={errors.aliases} hint="Other names clients may send, separated by commas.">
          <Input {...controlProps("model-aliases", { error: errors.aliases, hint: true })} value={values.aliases} onChange={(e) => set("aliases", e.target.value)} placeholder="strong, default" autoComplete="off" spellCheck={false} />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="model-context" label="Context window (tokens)" optional error={errors.contextWindow}>
            <Input {...controlProps("model-context", { error: errors.contextWindow })} type="number" min={1} step={1} inputMode="numeric" value={values.contextWindow} onChange={(e) => set("contextWindow", e.target.value)} placeholder="128000" />
          </FormField>
          <FormField id="model-max-output" label="Max output tokens" optional error={errors.maxOutputTokens}>
            <Input {...controlProps("model-max-output", { error: errors.maxOutputTokens })} type="number" min={1} step={1} inputMode="numeric" value={values.maxOutputTokens} onChange={(e) => set("maxOutputTokens", e.target.value)} placeholder="4096" />
          </FormField>
        </div>
        <fieldset className="rounded-lg border border-border px-4 pt-2 pb-4">
          <legend className="px-1 text-sm font-medium text-fg">Price per 1M tokens (USD)</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="model-input-price" label="Input price" error={errors.inputPricePerMTok}>
              <PriceInput id="model-input-price" error={errors.inputPricePerMTok} value={values.inputPricePerMTok} onChange={(v) => set("inputPricePerMTok", v)} />
            </FormField>
            <FormField id="model-output-price" label="Output price" error={errors.outputPricePerMTok}>
              <PriceInput id="model-output-price" error={errors.outputPricePerMTok} value={values.outputPricePerMTok} onChange={(v) => set("outputPricePerMTok", v)} />
            </FormField>
          </div>
          {pricesChanged && <p className="mt-3 text-xs text-warning">Saving starts a new price version now; past requests keep the price they were charged at.</p>}
        </fieldset>
        <Checkbox id="model-enabled" label="Enabled" description="Disabled models are skipped by routing and refused when asked for by name." checked={values.enabled} onChange={(e) => set("enabled", e.target.checked)} />
      </div>
    </Dialog>
  );
}

export function PriceInput({ id, value, onChange, error }: { id: string; value: string; onChange: (value: string) => void; error?: string }) {
  return (
    <div className="relative">
      <span aria-hidden className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-sm text-muted">
        $
      </span>
      <Input {...controlProps(id, { error })} type="number" min={0} step="any" inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} placeholder="0.00" className="pl-6 tabular-nums" />
    </div>
  );
}
