import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "../../server/api/requestGuards";

const post = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/trpc/orders.create", { method: "POST", headers: { host: "127.0.0.1:3000", ...headers } });

describe("the cross-site check on cookie-authenticated posts", () => {
  it("lets the app's own pages and non-browser clients through", () => {
    expect(crossSiteRefusal(post({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteRefusal(post({}))).toBeNull();
  });

  it("refuses another site, a sandboxed frame's null origin and garbage, even with no configured URL", () => {
    delete process.env.NEXTAUTH_URL;
    for (const origin of ["https://evil.example", "null", "not a url"]) expect(crossSiteRefusal(post({ origin }))?.status, origin).toBe(403);
    expect(crossSiteRefusal(post({ "sec-fetch-site": "cross-site" }))?.status).toBe(403);
  });
});
