"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { sameOriginUrl, signInErrorMessage } from "@/components/auth/sign-in-errors";
import { LockIcon } from "@/components/icons";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/input";
import { useSetupStatus } from "@/lib/queries/setup";

export function LoginForm({ callbackUrl, initialError, ssoName }: { callbackUrl: string; initialError: string | null; ssoName: string | null }) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorMessage(initialError) : null);
  // Only errors about what was typed mark the fields invalid (not lockouts or network trouble).
  const [invalid, setInvalid] = useState(initialError === "CredentialsSignin");
  const [pending, setPending] = useState<"credentials" | "sso" | null>(null);
  const setup = useSetupStatus();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your email and password.");
      setInvalid(true);
      return;
    }
    setError(null);
    setInvalid(false);
    setPending("credentials");
    try {
      const result = await signIn<"credentials">("credentials", { email, password, redirect: false, callbackUrl });
      if (!result?.ok || result.error) {
        setError(signInErrorMessage(result?.error));
        setInvalid(result?.error === "CredentialsSignin");
        setPending(null);
        return;
      }
      window.location.href = sameOriginUrl(result.url ?? callbackUrl);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(null);
    }
  }

  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight text-fg">Sign in to Switchyard</h1>
      <p className="mt-1 text-sm text-muted">Use your work account to manage providers, routing and spend.</p>

      {error && (
        <ErrorAlert id="login-error" className="mt-5">
          {error}
        </ErrorAlert>
      )}

      {ssoName && (
        <>
          <Button
            variant="secondary"
            size="lg"
            className="mt-6 w-full"
            loading={pending === "sso"}
            disabled={pending !== null}
            onClick={() => {
              setPending("sso");
              void signIn("oidc", { callbackUrl });
            }}
          >
            {pending !== "sso" && <LockIcon className="size-4" />}
            Sign in with {ssoName}
          </Button>
          <div className="my-5 flex items-center gap-3 text-xs text-muted" aria-hidden>
            <span className="h-px flex-1 bg-border" />
            or
            <span className="h-px flex-1 bg-border" />
          </div>
        </>
      )}

      <form onSubmit={onSubmit} noValidate className={ssoName ? "space-y-4" : "mt-6 space-y-4"}>
        <Field
          id="email"
          name="email"
          type="email"
          label="Email"
          autoComplete="username"
          inputMode="email"
          autoFocus
          required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? "login-error" : undefined}
        />
        <Field
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? "login-error" : undefined}
        />
        <Button type="submit" size="lg" className="w-full" loading={pending === "credentials"} disabled={pending !== null}>
          Sign in
        </Button>
      </form>

      {setup.data?.needed && (
        <p className="mt-6 border-t border-border pt-5 text-sm text-muted">
          New install?{" "}
          <Link href="/setup" className="font-medium text-accent-text hover:underline">
            Create the first admin account
          </Link>
        </p>
      )}
    </Card>
  );
}
