/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and socket-level packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "smpp", "selfsigned"],
  poweredByHeader: false,
};
module.exports = nextConfig;
