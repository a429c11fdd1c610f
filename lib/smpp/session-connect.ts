/**
 * The steps before the bind ("Test connection"): DNS lookup, TCP connect, TLS handshake, each a promise the
 * session opener races against the bind timeout. Server-side only.
 */
import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";
import { dnsError, tcpError, tlsError } from "./session-errors";

export type CertificateCheck = "full" | "skipHostname" | "skipCertificate";

export type TlsOptions = {
  certificateCheck: CertificateCheck;
  /** Extra trusted certificates (PEM), e.g. the simulator's self-signed one, verified in full. */
  ca?: string | Buffer | (string | Buffer)[];
};

/** Resolves the host; an IP address is returned as is. */
export async function lookupHost(host: string): Promise<{ address: string; detail: string }> {
  if (net.isIP(host)) return { address: host, detail: `${host} is an IP address` };
  try {
    const r = await dns.promises.lookup(host);
    return { address: r.address, detail: `${host} → ${r.address}` };
  } catch (e) {
    throw dnsError(host, e as Error);
  }
}

/** Opens the TCP connection; the promise settles on connect or on the first error. */
export function connectTcp(address: string, port: number): { socket: net.Socket; connected: Promise<string> } {
  const socket = net.connect({ host: address, port });
  // Small PDUs, request/response: Nagle's delay would cost a round trip per PDU with a window of 1.
  socket.setNoDelay(true);
  const connected = new Promise<string>((resolve, reject) => {
    const onError = (e: Error) => reject(tcpError(address, port, e));
    socket.once("error", onError);
    socket.once("connect", () => {
      socket.off("error", onError);
      resolve(`connected to ${address}:${port} from port ${socket.localPort}`);
    });
  });
  return { socket, connected };
}

/** Runs the TLS handshake (TLS 1.2 or later) over a connected TCP socket. */
export function startTls(
  socket: net.Socket,
  host: string,
  port: number,
  options: TlsOptions,
): { socket: tls.TLSSocket; secured: Promise<string> } {
  const check = options.certificateCheck;
  const tlsSocket = tls.connect({
    socket,
    servername: net.isIP(host) ? undefined : host,
    minVersion: "TLSv1.2",
    ca: options.ca,
    rejectUnauthorized: check !== "skipCertificate",
    checkServerIdentity: check === "skipHostname" ? () => undefined : tls.checkServerIdentity,
  });
  tlsSocket.setNoDelay(true);
  const secured = new Promise<string>((resolve, reject) => {
    const onError = (e: Error) => reject(tlsError(host, port, e));
    const onClose = () =>
      reject(tlsError(host, port, Object.assign(new Error("socket closed during the TLS handshake"), { code: "ECONNRESET" })));
    tlsSocket.once("error", onError);
    tlsSocket.once("close", onClose);
    tlsSocket.once("secureConnect", () => {
      tlsSocket.off("error", onError);
      tlsSocket.off("close", onClose);
      resolve(describeTls(tlsSocket, check));
    });
  });
  return { socket: tlsSocket, secured };
}

function distinguishedName(name: Record<string, unknown> | undefined): string {
  if (!name) return "(none)";
  const parts = Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`);
  return parts.length ? parts.join(", ") : "(none)";
}

/** "TLSv1.3, certificate CN=smsc.example (issuer …), valid until 2027-01-31; verified" */
function describeTls(s: tls.TLSSocket, check: CertificateCheck): string {
  const cert = s.getPeerCertificate();
  const subject = distinguishedName(cert?.subject as unknown as Record<string, unknown>);
  const issuer = distinguishedName(cert?.issuer as unknown as Record<string, unknown>);
  const expires = cert?.valid_to ? new Date(cert.valid_to) : null;
  const expiry = expires && !Number.isNaN(expires.getTime()) ? expires.toISOString().slice(0, 10) : "unknown";
  const expired = expires && expires.getTime() < Date.now() ? " (EXPIRED)" : "";
  const selfSigned = subject === issuer ? ", self-signed" : "";
  const verified = s.authorized
    ? check === "skipHostname"
      ? "chain verified, host name NOT checked"
      : "verified"
    : `NOT verified (${String(s.authorizationError)}): certificate verification is off`;
  return `${s.getProtocol() ?? "TLS"}, certificate ${subject} (issuer ${issuer}${selfSigned}), valid until ${expiry}${expired}; ${verified}`;
}
