import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { oidcEnabled, OIDC_NAME } = env();
  return (
    <LoginForm
      callbackUrl={first(params.callbackUrl) || "/"}
      initialError={first(params.error) ?? null}
      ssoName={oidcEnabled ? OIDC_NAME : null}
    />
  );
}
