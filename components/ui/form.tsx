import type { ReactNode } from "react";
import type { ZodError } from "zod";
import { Label } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ApiError, errorMessage } from "@/lib/queries/fetch-json";

export type FieldErrors = Record<string, string>;

/** Props that tie a control to its label and its hint or error: spread them onto the <input>/<select>. */
export function controlProps(id: string, { error, hint }: { error?: string; hint?: boolean } = {}) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : "";
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined } as const;
}

/** Label, control, hint and the field's error message, stacked. The control gets its ids from controlProps(). */
export function FormField({
  id,
  label,
  hint,
  error,
  optional,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={id}>
        {label}
        {optional && <span className="font-normal text-muted"> (optional)</span>}
      </Label>
      {children}
      {/* The error takes the hint's place: one line of help at a time. */}
      {error ? (
        <FieldError id={`${id}-error`}>{error}</FieldError>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="text-xs text-muted">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-xs font-medium text-danger">
      {children}
    </p>
  );
}

/** A zod error as {"dotted.path": message}, first message per path, in words an admin reads. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_form";
    if (path in out) continue;
    out[path] = friendly(issue);
  }
  return out;
}

function friendly(issue: ZodError["issues"][number]): string {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined || issue.input === null || issue.input === "") return "Required";
    if (issue.expected === "number") return "Enter a number";
  }
  if (issue.code === "unrecognized_keys") return "Unexpected field";
  return issue.message;
}

/** Text input value -> number for a schema: "" is undefined (absent), anything else Number() (NaN fails validation). */
export function numberOrUndefined(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

/**
 * Splits a failed request into messages under fields and one for the whole form. A 400's issue list and a 422's
 * path land on the field they name (`aliases.1` -> `aliases`); a 409 lands on `conflictField` when given;
 * anything left over is the form message.
 */
export function formErrorsFromApi(error: unknown, fields: readonly string[], conflictField?: string): { fields: FieldErrors; form: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const out: FieldErrors = {};
  let unmatched = false;
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
    if (!field) unmatched = true;
    else if (!(field in out)) out[field] = message;
  }
  if (error.status === 409 && conflictField && Object.keys(out).length === 0) out[conflictField] = error.message;
  return { fields: out, form: Object.keys(out).length === 0 || unmatched ? error.message : null };
}
