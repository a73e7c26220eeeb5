"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { PriceInput } from "@/components/models/model-dialog";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { controlProps, formErrorsFromApi, FormField, numberOrUndefined, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { formatDateTime, formatUsd } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useAddModelPrice } from "@/lib/queries/models";
import { modelPriceInput, type ModelOutput } from "@/lib/schemas/models";

type Price = ModelOutput["prices"][number];

/** Which price is in force: the newest that has started; later ones are scheduled. `prices` is newest first. */
export function priceStatuses(prices: Price[], now = Date.now()): ("scheduled" | "current" | "past")[] {
  let currentFound = false;
  return prices.map((p) => {
    if (new Date(p.effectiveFrom).getTime() > now) return "scheduled";
    if (!currentFound) {
      currentFound = true;
      return "current";
    }
    return "past";
  });
}

/** Price history of one model (newest first) and, for models:write, a form for the next price version. */
export function PricesDialog({ model, onClose, canWrite }: { model: ModelOutput | null; onClose: () => void; canWrite: boolean }) {
  if (!model) return null;
  return <PricesPanel model={model} onClose={onClose} canWrite={canWrite} />;
}

function PricesPanel({ model, onClose, canWrite }: { model: ModelOutput; onClose: () => void; canWrite: boolean }) {
  const addPrice = useAddModelPrice();
  // The dialog outlives the mutation: show the history the server returned last.
  const [current, setCurrent] = useState(model);
  const [input, setInput] = useState("");
  const [output, setOutput] = useState("");
  const [effective, setEffective] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const statuses = priceStatuses(current.prices);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = modelPriceInput.safeParse({
      inputPricePerMTok: numberOrUndefined(input),
      outputPricePerMTok: numberOrUndefined(output),
      // datetime-local is the viewer's local time; the API wants an instant.
      effectiveFrom: effective ? new Date(effective).toISOString() : undefined,
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    addPrice.mutate(
      { id: model.id, input: { ...parsed.data, effectiveFrom: parsed.data.effectiveFrom } },
      {
        onSuccess: (saved) => {
          setCurrent(saved);
          setInput("");
          setOutput("");
          setEffective("");
          toast.success(`New price for ${saved.name}`, { description: effective ? `Effective ${formatDateTime(new Date(effective).toISOString())}.` : "Effective now." });
        },
        onError: (err) => {
          const mapped = formErrorsFromApi(err, ["inputPricePerMTok", "outputPricePerMTok", "effectiveFrom"]);
          setErrors(mapped.fields);
          setFormError(mapped.form);
        },
      },
    );
  }

  return (
    <Dialog open onClose={onClose} title={`Prices · ${model.name}`} description="USD per million tokens. Every request is costed at the price in force when it was made." size="lg" dismissible={!addPrice.isPending}>
      <div className="space-y-5">
        <div className="overflow-hidden rounded-lg border border-border">
          <Table label={`Price history of ${model.name}`}>
            <THead>
              <tr>
                <TH>Effective from</TH>
                <TH align="right">Input / 1M</TH>
                <TH align="right">Output / 1M</TH>
                <TH>Status</TH>
              </tr>
            </THead>
            <TBody>
              {current.prices.length === 0 && (
                <tr>
                  <td colSpan={4} className="px-5 py-6 text-center text-muted">
                    No prices yet.
                  </td>
                </tr>
              )}
              {current.prices.map((p, i) => (
                <TR key={`${p.effectiveFrom}-${i}`}>
                  <TD className="whitespace-nowrap">{formatDateTime(p.effectiveFrom)}</TD>
                  <TD align="right">{formatUsd(p.inputPricePerMTok, { precise: true })}</TD>
                  <TD align="right">{formatUsd(p.outputPricePerMTok, { precise: true })}</TD>
                  <TD>
                    <Badge tone={statuses[i] === "current" ? "success" : statuses[i] === "scheduled" ? "accent" : "neutral"}>{statuses[i]}</Badge>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>

        {canWrite && (
          <form noValidate onSubmit={onSubmit} aria-labelledby="new-price-heading" className="rounded-lg border border-border p-4">
            <h3 id="new-price-heading" className="text-sm font-semibold text-fg">
              Add a price version
            </h3>
            <p className="mt-0.5 text-xs text-muted">The history is kept. Leave the date empty to start now, or schedule a future change.</p>
            {formError && <ErrorAlert className="mt-3">{formError}</ErrorAlert>}
            <div className="mt-3 grid gap-4 sm:grid-cols-3">
              <FormField id="price-input" label="Input price" error={errors.inputPricePerMTok}>
                <PriceInput id="price-input" value={input} onChange={setInput} error={errors.inputPricePerMTok} />
              </FormField>
              <FormField id="price-output" label="Output price" error={errors.outputPricePerMTok}>
                <PriceInput id="price-output" value={output} onChange={setOutput} error={errors.outputPricePerMTok} />
              </FormField>
              <FormField id="price-effective" label="Effective from" optional error={errors.effectiveFrom}>
                <Input {...controlProps("price-effective", { error: errors.effectiveFrom })} type="datetime-local" value={effective} onChange={(e) => setEffective(e.target.value)} />
              </FormField>
            </div>
            <div className="mt-4 flex justify-end">
              <Button type="submit" loading={addPrice.isPending}>
                Add price
              </Button>
            </div>
          </form>
        )}
      </div>
    </Dialog>
  );
}
