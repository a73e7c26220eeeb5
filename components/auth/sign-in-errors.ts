// next-auth reports failures as short codes (signIn() result or ?error= after a redirect); these are the
// sentences people see. "TooManyAttempts" is thrown by our credentials authorize() when the limiter trips.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Incorrect email or password.",
  TooManyAttempts: "Too many failed attempts. Try again in 15 minutes.",
  AccessDenied: "This account is disabled or not allowed to sign in. Ask an admin for access.",
  OAuthSignin: "Single sign-on could not start. Try again or sign in with your email and password.",
  OAuthCallback: "Single sign-on did not complete. Try again or sign in with your email and password.",
  OAuthAccountNotLinked: "This email is already registered. Sign in with your email and password.",
  SessionRequired: "Sign in to continue.",
};

export const GENERIC_SIGN_IN_ERROR = "Sign-in failed. Please try again, or contact an admin if it keeps happening.";

export function signInErrorMessage(code: string | null | undefined): string {
  return (code && MESSAGES[code]) || GENERIC_SIGN_IN_ERROR;
}

/** Where to send the browser after sign-in: same-origin URLs only, anything else goes to the dashboard. */
export function sameOriginUrl(url: string | null | undefined): string {
  if (!url) return "/";
  try {
    const resolved = new URL(url, window.location.origin);
    return resolved.origin === window.location.origin ? resolved.href : "/";
  } catch {
    return "/";
  }
}
