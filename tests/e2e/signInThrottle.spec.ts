import { DEMO_PASSWORD } from "../../db/seed/demo";
import { signInOverHttp, someLoopbackAddress } from "./http";
import { expect, lmbUser, signIn, test } from "./support";

// The app faces clients directly here (LOOPLINE_TRUSTED_PROXY_HOPS unset): the address that
// counts is the socket's, whatever X-Forwarded-For says. Each client is a loopback address of its own.
const forged = () => `203.0.113.${Math.floor(Math.random() * 250)}`;

test("a client that makes up a new X-Forwarded-For for every try still has to wait after a few wrong passwords", async ({ baseURL, db }) => {
  const user = await lmbUser(db, "operator", "rotating");
  const attacker = someLoopbackAddress();
  for (let i = 0; i < 3; i++) {
    expect(await signInOverHttp(baseURL!, user.email, "not the password", { from: attacker, forwardedFor: forged() })).toEqual({ cookie: null, error: "CredentialsSignin" });
  }
  // Even the right password waits: the pair is backing off, and the form says for how long.
  const refused = await signInOverHttp(baseURL!, user.email, DEMO_PASSWORD, { from: attacker, forwardedFor: forged() });
  expect(refused).toEqual({ cookie: null, error: "Too many failed sign-ins. Try again in 30 seconds." });
});

test("five wrong passwords from five made-up forwarded addresses do not stop the owner signing in", async ({ page, baseURL, db }) => {
  const owner = await lmbUser(db, "admin", "owner");
  const attacker = someLoopbackAddress();
  for (let i = 0; i < 5; i++) {
    const answer = await signInOverHttp(baseURL!, owner.email, `guess ${i}`, { from: attacker, forwardedFor: forged() });
    expect(answer.cookie).toBeNull();
  }
  // The owner, from their own machine, through the sign-in form.
  await signIn(page, owner.email);
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${owner.name} (admin)`);
});
