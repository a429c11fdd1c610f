/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and socket-level packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "smpp", "selfsigned"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` and ESLint over the whole tree before anything else; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
};
module.exports = nextConfig;
