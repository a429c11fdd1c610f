/**
 * Session failures in words an admin understands ("Test connection"): each names the step and the cause.
 * Errors are values at the edge: `SmppSessionError` carries the step, a stable code and, for SMSC answers, the
 * command_status, so that the API can answer 502 with the step and the status name.
 */
import { commandStatusName, COMMAND_STATUS } from "./codec/command-status";

export type StepName = "dns" | "tcp" | "tls" | "bind" | "enquire_link" | "unbind";

export type SessionErrorCode =
  | "dns_failed"
  | "connection_refused"
  | "unreachable"
  | "connect_failed"
  | "tls_failed"
  | "tls_on_plain_port"
  | "certificate_rejected"
  | "bind_refused"
  | "timeout"
  | "closed"
  | "protocol_error"
  | "mt_timeout"
  | "aborted";

export class SmppSessionError extends Error {
  constructor(
    /** Where it failed: a connection step, or "submit" / "session" once bound. */
    readonly step: StepName | "submit" | "session",
    readonly code: SessionErrorCode,
    message: string,
    /** The SMSC's command_status when the SMSC answered with an error. */
    readonly commandStatus?: number,
  ) {
    super(message);
    this.name = "SmppSessionError";
  }
}

type NodeError = Error & { code?: string };

/** dns.lookup failures. */
export function dnsError(host: string, e: NodeError): SmppSessionError {
  const why =
    e.code === "ENOTFOUND"
      ? `the name "${host}" does not exist (ENOTFOUND): check the Server field`
      : e.code === "EAI_AGAIN"
        ? `no DNS server answered for "${host}" (EAI_AGAIN): try again, or check the DNS of this machine`
        : `the name "${host}" could not be resolved (${e.code ?? e.message})`;
  return new SmppSessionError("dns", "dns_failed", `DNS lookup failed: ${why}`);
}

/** TCP connect failures. */
export function tcpError(address: string, port: number, e: NodeError): SmppSessionError {
  const where = `${address}:${port}`;
  switch (e.code) {
    case "ECONNREFUSED":
      return new SmppSessionError(
        "tcp",
        "connection_refused",
        `TCP connection refused by ${where} (ECONNREFUSED): nothing listens on this port, or a firewall rejects it`,
      );
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new SmppSessionError(
        "tcp",
        "unreachable",
        `${where} cannot be reached from this machine (${e.code}): check the address and the network route`,
      );
    case "ETIMEDOUT":
      return new SmppSessionError(
        "tcp",
        "timeout",
        `TCP connection to ${where} timed out (ETIMEDOUT): a firewall may drop the packets`,
      );
    case "ECONNRESET":
      return new SmppSessionError("tcp", "closed", `${where} reset the TCP connection (ECONNRESET)`);
    default:
      return new SmppSessionError("tcp", "connect_failed", `TCP connection to ${where} failed: ${e.code ?? e.message}`);
  }
}

const CERTIFICATE_WORDS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a self-signed certificate that is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not signed by a trusted authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's certificate is not trusted on this machine",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate was issued for another host name",
};

/** TLS handshake failures, telling a certificate refusal from a port that does not speak TLS. */
export function tlsError(host: string, port: number, e: NodeError): SmppSessionError {
  const cert = e.code ? CERTIFICATE_WORDS[e.code] : undefined;
  if (cert) {
    return new SmppSessionError(
      "tls",
      "certificate_rejected",
      `TLS handshake failed: ${cert} (${e.code}). Fix the certificate, or relax "Certificate verification" for tests`,
    );
  }
  const plain =
    e.code === "ECONNRESET" ||
    e.code === "EPIPE" ||
    e.code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
    /wrong version number|packet length too long|disconnected before secure TLS|unexpected eof/i.test(e.message);
  if (plain) {
    return new SmppSessionError(
      "tls",
      "tls_on_plain_port",
      `TLS handshake failed: ${host}:${port} did not answer in TLS (${e.code ?? e.message}). The port probably serves plain SMPP: turn "Enable TLS over SMPP" off or use the TLS port`,
    );
  }
  return new SmppSessionError("tls", "tls_failed", `TLS handshake with ${host}:${port} failed: ${e.code ?? e.message}`);
}

/** The deadline of `bindTimeout` passed during `step`. */
export function bindTimeoutError(step: StepName, seconds: number, tls: boolean, port: number): SmppSessionError {
  const hint =
    step === "tls"
      ? `: the server never answered the TLS handshake; port ${port} probably serves plain SMPP (turn "Enable TLS over SMPP" off or use the TLS port)`
      : step === "bind" && !tls
        ? `: no bind_resp. If port ${port} expects TLS, turn "Enable TLS over SMPP" on`
        : "";
  return new SmppSessionError(step, "timeout", `Timed out after ${seconds} s (bind timeout) during ${stepWords(step)}${hint}`);
}

/** bind_resp with an error status. */
export function bindRefusedError(status: number, mode: string): SmppSessionError {
  const cause =
    status === COMMAND_STATUS.ESME_RBINDFAIL
      ? "wrong account (system_id) or password, or the SMSC does not allow this bind"
      : status === COMMAND_STATUS.ESME_RINVPASWD
        ? "wrong password"
        : status === COMMAND_STATUS.ESME_RINVSYSID
          ? "unknown account (system_id)"
          : status === COMMAND_STATUS.ESME_RALYBND
            ? "this account is already bound (too many simultaneous connections?)"
            : "the SMSC refused the bind";
  return new SmppSessionError(
    "bind",
    "bind_refused",
    `The SMSC refused the ${mode} bind: ${commandStatusName(status)}: ${cause}`,
    status,
  );
}

export function stepWords(step: StepName): string {
  switch (step) {
    case "dns":
      return "the DNS lookup";
    case "tcp":
      return "the TCP connection";
    case "tls":
      return "the TLS handshake";
    case "bind":
      return "the bind (waiting for bind_resp)";
    case "enquire_link":
      return "enquire_link";
    case "unbind":
      return "unbind";
  }
}

/** A socket error once bound, worded for the close reason. */
export function boundSocketError(e: NodeError): SmppSessionError {
  const words =
    e.code === "ECONNRESET" || e.code === "EPIPE"
      ? `The SMSC reset the connection (${e.code})`
      : e.code === "ETIMEDOUT"
        ? "The connection timed out (ETIMEDOUT)"
        : `Connection error: ${e.code ?? e.message}`;
  return new SmppSessionError("session", "closed", words);
}

/** A command_length no PDU can have (see PduFramer): the stream cannot be framed any more. */
export function brokenStreamError(commandLength: number): SmppSessionError {
  return new SmppSessionError(
    "session",
    "protocol_error",
    `The SMSC sent a PDU with an impossible command_length (${commandLength}): not SMPP, or a broken stream`,
  );
}
