// Signing in and out through next-auth's own endpoints. next-auth/react would do the same two
// requests, but it brings a session context, a cross-tab channel and Babel's async runtime
// (about 8 KiB gzipped) to every page's first load for the one button in the header; nothing
// here reads the session on the client, so those parts had no work to do.

const AUTH = "/api/auth";

/** A form post to next-auth with its CSRF token; `json` makes it answer with the URL it would redirect to. */
async function post(path: string, fields: Record<string, string>): Promise<{ ok: boolean; url: string }> {
  const { csrfToken } = (await (await fetch(`${AUTH}/csrf`)).json()) as { csrfToken: string };
  const response = await fetch(`${AUTH}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken, json: "true" }),
  });
  const { url } = (await response.json()) as { url: string };
  return { ok: response.ok, url };
}

/** Ends this browser's session and loads `callbackUrl` afresh, as next-auth's signOut does. */
export async function signOut(callbackUrl: string): Promise<void> {
  const { url } = await post("signout", { callbackUrl });
  window.location.href = url ?? callbackUrl;
}

/**
 * The credentials sign-in, without a redirect: null when signed in, otherwise next-auth's error
 * ("CredentialsSignin" for a wrong password, or the message the authorize step threw).
 */
export async function signInWithPassword(email: string, password: string): Promise<string | null> {
  const { ok, url } = await post("callback/credentials", { email, password, callbackUrl: window.location.href });
  const error = new URL(url, window.location.href).searchParams.get("error");
  return error ?? (ok ? null : "CredentialsSignin");
}
