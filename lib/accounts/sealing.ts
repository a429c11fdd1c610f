import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, makePrivateDir } from "../data-dir";

// Passwords are sealed with AES-256-GCM (ARCHITECTURE.md). The key comes from APP_SECRET, or from a random key
// generated once into the data folder, so a fresh install needs no configuration and the key never sits in git.
let cachedKey: Buffer | null = null;

function loadKey(): Buffer {
  if (cachedKey) return cachedKey;
  let secret = process.env.APP_SECRET?.trim();
  if (!secret) {
    const file = path.join(dataDir(), "app-secret.key");
    if (fs.existsSync(file)) {
      secret = fs.readFileSync(file, "utf8").trim();
    } else {
      secret = crypto.randomBytes(32).toString("hex");
      makePrivateDir(path.dirname(file));
      fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
    }
  }
  cachedKey = crypto.createHash("sha256").update(secret).digest();
  return cachedKey;
}

/** "v1.<iv>.<tag>.<ciphertext>" in base64url. */
export function seal(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", loadKey(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/** Opens a sealed value; throws when it was tampered with or sealed under another key. */
export function unseal(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("Unknown sealed value format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", loadKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** For tests: forget the cached key (after changing APP_SECRET). */
export function resetSealingKey(): void {
  cachedKey = null;
}
