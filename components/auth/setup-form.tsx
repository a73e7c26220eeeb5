"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { MIN_PASSWORD_LENGTH, validateSetup, type SetupField } from "@/components/auth/setup-validation";
import { CheckIcon } from "@/components/icons";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/input";
import { useCreateFirstAdmin, useSetupStatus } from "@/lib/queries/setup";

export function SetupForm() {
  const status = useSetupStatus();
  if (status.isPending) return <SetupChecking />;
  if (status.isError) return <SetupUnavailable onRetry={() => void status.refetch()} />;
  if (!status.data.needed) return <SetupComplete />;
  return <FirstAdminForm />;
}

function FirstAdminForm() {
  const createAdmin = useCreateFirstAdmin();
  const [messages, setMessages] = useState<string[]>([]);
  const [invalid, setInvalid] = useState<Set<SetupField>>(new Set());
  const [signingIn, setSigningIn] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    };
    const problems = validateSetup(values);
    setInvalid(new Set(problems.map((p) => p.field)));
    setMessages(problems.map((p) => p.message));
    if (problems.length > 0) return;

    const input = { name: values.name.trim(), email: values.email.trim().toLowerCase(), password: values.password };
    try {
      await createAdmin.mutateAsync(input);
    } catch (error) {
      setMessages([error instanceof Error ? error.message : "Setup failed. Try again."]);
      return;
    }
    setSigningIn(true);
    const result = await signIn<"credentials">("credentials", { email: input.email, password: input.password, redirect: false, callbackUrl: "/" }).catch(() => undefined);
    // The account exists either way; if the automatic sign-in fails, the login page takes over.
    window.location.href = result?.ok && !result.error ? "/" : "/login";
  }

  const fieldProps = (field: SetupField) => ({
    "aria-invalid": invalid.has(field) || undefined,
    "aria-describedby": invalid.has(field) ? "setup-errors" : undefined,
  });
  const busy = createAdmin.isPending || signingIn;

  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight text-fg">Set up Switchyard</h1>
      <p className="mt-1 text-sm text-muted">Create the first admin account. You can invite everyone else once you are signed in.</p>

      {messages.length > 0 && (
        <ErrorAlert id="setup-errors" className="mt-5">
          {messages.length === 1 ? (
            messages[0]
          ) : (
            <ul className="list-disc space-y-0.5 pl-4">
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </ErrorAlert>
      )}

      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
        <Field id="name" name="name" label="Name" autoComplete="name" autoFocus required {...fieldProps("name")} />
        <Field id="email" name="email" type="email" label="Email" autoComplete="username" inputMode="email" required {...fieldProps("email")} />
        <Field
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A passphrase works well.`}
          minLength={MIN_PASSWORD_LENGTH}
          required
          {...fieldProps("password")}
        />
        <Field id="confirm" name="confirm" type="password" label="Confirm password" autoComplete="new-password" required {...fieldProps("confirm")} />
        <Button type="submit" size="lg" className="w-full" loading={busy}>
          {signingIn ? "Signing in…" : "Create admin account"}
        </Button>
      </form>
    </Card>
  );
}

function SetupChecking() {
  return (
    <Card className="p-6 sm:p-8" aria-busy="true">
      <h1 className="text-xl font-semibold tracking-tight text-fg">Set up Switchyard</h1>
      <p className="mt-1 text-sm text-muted">Checking whether this instance still needs an admin…</p>
      <div className="mt-6 space-y-3" aria-hidden>
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-9 animate-pulse rounded-md bg-subtle" />
        ))}
      </div>
    </Card>
  );
}

function SetupUnavailable({ onRetry }: { onRetry: () => void }) {
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight text-fg">Set up Switchyard</h1>
      <ErrorAlert className="mt-5">Could not check the setup status. Make sure the server and its database are running.</ErrorAlert>
      <Button variant="secondary" className="mt-5 w-full" onClick={onRetry}>
        Try again
      </Button>
    </Card>
  );
}

function SetupComplete() {
  return (
    <Card className="p-6 text-center sm:p-8">
      <span className="mx-auto flex size-10 items-center justify-center rounded-full bg-success-soft text-success" aria-hidden>
        <CheckIcon className="size-5" strokeWidth={2.25} />
      </span>
      <h1 className="mt-4 text-xl font-semibold tracking-tight text-fg">Setup is complete</h1>
      <p className="mt-1 text-sm text-muted">An admin account already exists on this instance. Sign in to continue.</p>
      <Link href="/login" className={buttonStyles({ size: "lg", className: "mt-6 w-full" })}>
        Go to sign in
      </Link>
    </Card>
  );
}
