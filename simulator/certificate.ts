/**
 * The simulator's self-signed TLS certificate, made once with `selfsigned` and cached on disk: generating a key on
 * every start would slow each test file down, and a stable certificate lets people pin it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";

export type Certificate = { key: string; cert: string };

const FILE = "smsc-simulator-cert.json";
const DAY_MS = 24 * 3600 * 1000;

export function certificateDir(): string {
  return process.env.DATA_DIR && process.env.DATA_DIR.trim() !== "" ? process.env.DATA_DIR : os.tmpdir();
}

export async function loadOrCreateCertificate(dir = certificateDir()): Promise<Certificate> {
  const file = path.join(dir, FILE);
  const cached = readCached(file);
  if (cached) return cached;
  const now = Date.now();
  const pems = await generate([{ name: "commonName", value: "SMSC simulator" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 365 * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: false },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const certificate = { key: pems.private, cert: pems.cert };
  fs.mkdirSync(dir, { recursive: true });
  // Written to a temporary name then renamed: parallel starts must never read half a file.
  const tmp = `${file}.${process.pid}.${now}`;
  fs.writeFileSync(tmp, JSON.stringify(certificate), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return certificate;
}

function readCached(file: string): Certificate | null {
  try {
    const c = JSON.parse(fs.readFileSync(file, "utf8")) as Certificate;
    const x509 = new X509Certificate(c.cert);
    // Renewed a week before it expires so that a TLS test never meets an expired certificate.
    if (Date.parse(x509.validTo) - Date.now() < 7 * DAY_MS) return null;
    return c;
  } catch {
    return null;
  }
}
