"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { slugify } from "@/components/teams/slug";
import { ErrorAlert } from "@/components/ui/alert";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { controlProps, formErrorsFromApi, FormField, numberOrUndefined, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useCreateTeam } from "@/lib/queries/teams";
import { teamCreateInput } from "@/lib/schemas/teams";

const FIELDS = ["name", "slug", "costCenter", "monthlyBudgetUsd"] as const;

export function CreateTeamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return <CreateTeamForm onClose={onClose} />;
}

function CreateTeamForm({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const create = useCreateTeam();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  // The slug follows the name until the admin edits it.
  const [slugEdited, setSlugEdited] = useState(false);
  const [costCenter, setCostCenter] = useState("");
  const [budget, setBudget] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const shownSlug = slugEdited ? slug : slugify(name);

  function clear(field: string) {
    setErrors(({ [field]: _, ...rest }) => rest);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = teamCreateInput.safeParse({
      name,
      slug: shownSlug,
      costCenter: costCenter.trim() || undefined,
      monthlyBudgetUsd: numberOrUndefined(budget),
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    create.mutate(parsed.data, {
      onSuccess: (team) => {
        toast.success(`Team “${team.name}” created`, { description: "Create an API key so it can call the gateway." });
        onClose();
        router.push(`/teams/${team.id}`);
      },
      onError: (err) => {
        const mapped = formErrorsFromApi(err, FIELDS, "slug");
        setErrors(mapped.fields);
        setFormError(mapped.form);
      },
    });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Create team"
      description="A group that calls the gateway with its own keys, budget and routing policy."
      dismissible={!create.isPending}
      onSubmit={onSubmit}
      footer={<FormDialogFooter onCancel={onClose} pending={create.isPending} submitLabel="Create team" />}
    >
      <div className="space-y-4">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        <FormField id="team-name" label="Name" error={errors.name}>
          <Input
            {...controlProps("team-name", { error: errors.name })}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              clear("name");
              if (!slugEdited) clear("slug");
            }}
            placeholder="Customer Support"
            autoComplete="off"
            autoFocus
          />
        </FormField>
        <FormField id="team-slug" label="Slug" error={errors.slug} hint="Lowercase letters, digits and dashes; used in URLs and exports. Cannot be changed later.">
          <Input
            {...controlProps("team-slug", { error: errors.slug, hint: true })}
            value={shownSlug}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.target.value);
              clear("slug");
            }}
            placeholder="customer-support"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="team-cost-center" label="Cost centre" optional error={errors.costCenter}>
            <Input {...controlProps("team-cost-center", { error: errors.costCenter })} value={costCenter} onChange={(e) => (setCostCenter(e.target.value), clear("costCenter"))} placeholder="CC-200" autoComplete="off" />
          </FormField>
          <FormField id="team-budget" label="Monthly budget (USD)" optional error={errors.monthlyBudgetUsd}>
            <Input
              {...controlProps("team-budget", { error: errors.monthlyBudgetUsd })}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              value={budget}
              onChange={(e) => (setBudget(e.target.value), clear("monthlyBudgetUsd"))}
              placeholder="No budget"
            />
          </FormField>
        </div>
      </div>
    </Dialog>
  );
}
