"use client";

import { useState, type ChangeEvent, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/ui/alert";
import { Dialog, FormDialogFooter } from "@/components/ui/dialog";
import { controlProps, FormField, zodFieldErrors, type FieldErrors } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { ApiError, errorMessage, type FieldIssue } from "@/lib/queries/fetch-json";
import { useUploadEvalSet } from "@/lib/queries/eval-sets";
import { EVAL_GRADERS, evalSetCreateInput } from "@/lib/schemas/eval-sets";
import type { TeamOutput } from "@/lib/schemas/teams";

type Format = "jsonl" | "csv";
const SHARED = "";

/** The format a file name implies; null when the extension says nothing (the select decides). */
function formatFromName(fileName: string): Format | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "jsonl";
  return null;
}

/** Upload (or paste) a JSONL/CSV eval set. Admins may make it shared; a team lead uploads for their team. */
export function UploadEvalSetDialog({ open, onClose, teams, isAdmin }: { open: boolean; onClose: () => void; teams: TeamOutput[]; isAdmin: boolean }) {
  if (!open) return null;
  return <UploadForm onClose={onClose} teams={teams} isAdmin={isAdmin} />;
}

function UploadForm({ onClose, teams, isAdmin }: { onClose: () => void; teams: TeamOutput[]; isAdmin: boolean }) {
  const upload = useUploadEvalSet();
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState<string>(isAdmin ? SHARED : (teams[0]?.id ?? ""));
  const [format, setFormat] = useState<Format>("jsonl");
  const [fileName, setFileName] = useState<string | null>(null);
  const [content, setContent] = useState("");
  const [defaultTask, setDefaultTask] = useState("other");
  const [defaultGrader, setDefaultGrader] = useState<(typeof EVAL_GRADERS)[number]>("exact");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [lineErrors, setLineErrors] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);

  function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    const detected = formatFromName(file.name);
    if (detected) setFormat(detected);
    if (!name.trim()) setName(file.name.replace(/\.[^.]+$/, ""));
    const reader = new FileReader();
    reader.onload = () => {
      setContent(typeof reader.result === "string" ? reader.result : "");
      setFileName(file.name);
      setLineErrors([]);
    };
    reader.onerror = () => setFormError(`Could not read ${file.name}`);
    reader.readAsText(file);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    setLineErrors([]);
    const parsed = evalSetCreateInput.safeParse({ name, teamId: teamId || null, format, content, defaultTask, defaultGrader });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    upload.mutate(parsed.data, {
      onSuccess: (created) => {
        toast.success(`Eval set “${created.name}” added`, { description: `${created.items} items. Run it against a model to measure accuracy.` });
        onClose();
      },
      onError: (err) => {
        // A 422 lists every bad line; show them all so the file can be fixed in one pass.
        const issues = err instanceof ApiError && Array.isArray(err.details) ? (err.details as FieldIssue[]).filter((d) => typeof d?.path === "string") : [];
        if (issues.length > 0 && issues.every((d) => d.path.startsWith("line ") || d.path === "content")) setLineErrors(issues);
        else setFormError(errorMessage(err));
      },
    });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Upload eval set"
      description="Prompts with reference answers, as JSONL or CSV. Each line can set its own task and grader; the defaults below fill the gaps."
      size="lg"
      dismissible={!upload.isPending}
      onSubmit={onSubmit}
      footer={<FormDialogFooter onCancel={onClose} pending={upload.isPending} submitLabel="Upload" />}
    >
      <div className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="eval-name" label="Name" error={errors.name}>
            <Input {...controlProps("eval-name", { error: errors.name })} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </FormField>
          <FormField id="eval-team" label="Team" error={errors.teamId} hint={isAdmin ? "Shared sets are visible to every team." : undefined}>
            <Select {...controlProps("eval-team", { error: errors.teamId, hint: isAdmin })} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              {isAdmin && <option value={SHARED}>Shared</option>}
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </FormField>
        </div>

        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="eval-file" label="File" optional hint={fileName ? `Read ${fileName}` : ".jsonl or .csv; or paste below"}>
            <Input {...controlProps("eval-file", { hint: true })} type="file" accept=".jsonl,.ndjson,.json,.csv,text/csv,application/jsonl" onChange={readFile} className="py-1.5" />
          </FormField>
          <FormField id="eval-format" label="Format" hint="Detected from the file extension">
            <Select {...controlProps("eval-format", { hint: true })} value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              <option value="jsonl">JSONL</option>
              <option value="csv">CSV</option>
            </Select>
          </FormField>
        </div>

        <FormField id="eval-content" label="Content" error={errors.content}>
          <Textarea
            {...controlProps("eval-content", { error: errors.content })}
            value={content}
            onChange={(e) => {
              setContent(e.target.value);
              setFileName(null);
            }}
            rows={8}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder={format === "csv" ? "prompt,reference\nWhat is 2+2?,4" : '{"prompt": "What is 2+2?", "reference": "4", "grader": "final-number"}'}
          />
        </FormField>

        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="eval-task" label="Default task" error={errors.defaultTask} hint="For lines without a task">
            <Input {...controlProps("eval-task", { error: errors.defaultTask, hint: true })} value={defaultTask} onChange={(e) => setDefaultTask(e.target.value)} autoComplete="off" />
          </FormField>
          <FormField id="eval-grader" label="Default grader" hint="For lines without a grader">
            <Select {...controlProps("eval-grader", { hint: true })} value={defaultGrader} onChange={(e) => setDefaultGrader(e.target.value as (typeof EVAL_GRADERS)[number])}>
              {EVAL_GRADERS.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </Select>
          </FormField>
        </div>

        {lineErrors.length > 0 && (
          <ErrorAlert>
            <p className="font-medium">
              {lineErrors.length === 1 ? "1 problem" : `${lineErrors.length} problems`} in the file; nothing was saved:
            </p>
            <ul aria-label="Problems in the file" className="mt-1 list-disc space-y-0.5 pl-4">
              {lineErrors.map((issue, i) => (
                <li key={i}>
                  <span className="font-medium">{issue.path}</span>: {issue.message}
                </li>
              ))}
            </ul>
          </ErrorAlert>
        )}
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
