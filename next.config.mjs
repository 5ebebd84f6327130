const production = process.env.NODE_ENV === "production";

// Content Security Policy. Next's App Router writes inline <script> tags (the RSC payload and
// bootstrap) on every page, so scripts need 'unsafe-inline' unless every response carries a
// nonce, which would make every page dynamic. Nothing here renders user HTML, and everything
// else is locked down: only our own origin, no plugins, no framing, no foreign form targets.
// React's dev build needs eval for its stack traces and the dev server a websocket, so those
// two are allowed in development only.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${production ? "" : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${production ? "" : " ws: wss:"}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// The API reference (/api/docs) runs Scalar's script from its CDN: allowed there and nowhere
// else. "Try it" calls our own origin, which connect-src already allows.
const SCALAR_CDN = "https://cdn.jsdelivr.net";
const docsCsp = csp.replace("script-src 'self'", `script-src 'self' ${SCALAR_CDN}`);

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // Only in production: over plain http in development it would pin localhost to https.
  ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files, argon2 a native binding: load them from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  async headers() {
    // The later entry wins for the same header on the same path.
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/docs", headers: [{ key: "Content-Security-Policy", value: docsCsp }] },
    ];
  },
};

export default nextConfig;
