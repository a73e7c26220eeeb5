import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";
import { FailureLimiter } from "@/lib/auth/rate-limit";
import { SESSION_MAX_AGE_S } from "@/lib/auth/permissions";
import { safeRedirect } from "@/lib/auth/redirect";
import { createUser, findActorById, findUserByEmailWithPassword, touchLastLogin } from "@/lib/db/users";
import { recordAudit } from "@/lib/services/audit";

const credentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });
const failures = new FailureLimiter(10, 15 * 60_000);

function oidcProvider() {
  const e = env();
  if (!e.oidcEnabled) return [];
  return [
    {
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth" as const,
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"] as ("pkce" | "state")[],
      // Only a verified email may link to an account (an IdP that lets users set any email must not log in as admin).
      profile: (p: { sub: string; email?: string; email_verified?: boolean; name?: string }) => ({
        id: p.sub,
        email: p.email_verified === true ? (p.email ?? null) : null,
        name: p.name ?? null,
      }),
    },
  ];
}

export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login", error: "/login" },
  useSecureCookies: env().SWITCHYARD_SECURE_COOKIES,
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        if (failures.blocked(email)) throw new Error("TooManyAttempts");
        const user = await findUserByEmailWithPassword(email);
        const ok = await verifyPassword(password, user?.passwordHash);
        if (!user || !ok || user.disabledAt) {
          failures.fail(email);
          return null;
        }
        failures.reset(email);
        await touchLastLogin(user.id);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      if (!user.email) return false;
      // SSO users start as viewers with no teams; an admin grants more.
      const existing = await findUserByEmailWithPassword(user.email);
      if (existing) return !existing.disabledAt;
      const created = await createUser({ email: user.email, name: user.name, role: "viewer" });
      await recordAudit({ actorLabel: "sso", action: "user.create", resourceType: "user", resourceId: created.id, after: created });
      return true;
    },
    async jwt({ token, user, account }) {
      if (user) {
        const dbUser = account?.provider === "oidc" && user.email ? await findUserByEmailWithPassword(user.email) : null;
        token.uid = dbUser?.id ?? user.id;
      }
      return token;
    },
    async session({ session, token }) {
      // Role and memberships are read fresh on every server check (lib/auth/session.ts); the session only carries the id.
      const actor = typeof token.uid === "string" ? await findActorById(token.uid) : null;
      if (!actor) return { ...session, user: undefined };
      return { ...session, user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role } };
    },
    redirect: ({ url, baseUrl }) => safeRedirect(url, baseUrl),
  },
};
