/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files, argon2 a native binding: load them from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
};

export default nextConfig;
