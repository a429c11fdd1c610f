import { describe, expect, it } from "vitest";
import { bindRefusedError, bindTimeoutError, dnsError, tcpError, tlsError } from "@/lib/smpp/session-errors";

const err = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("session errors in an admin's words", () => {
  it("names DNS, TCP and bind failures with their step and cause", () => {
    expect(dnsError("smsc.example", err("ENOTFOUND"))).toMatchObject({
      step: "dns",
      code: "dns_failed",
      message: expect.stringContaining('"smsc.example" does not exist (ENOTFOUND)'),
    });
    expect(tcpError("10.0.0.1", 2775, err("ECONNREFUSED")).message).toBe(
      "TCP connection refused by 10.0.0.1:2775 (ECONNREFUSED): nothing listens on this port, or a firewall rejects it",
    );
    expect(tcpError("10.0.0.1", 2775, err("EHOSTUNREACH")).code).toBe("unreachable");
    expect(bindRefusedError(0x0d, "transceiver").message).toBe(
      "The SMSC refused the transceiver bind: ESME_RBINDFAIL (0x0000000D): wrong account (system_id) or password, or the SMSC does not allow this bind",
    );
    expect(bindRefusedError(0x0e, "receiver").message).toContain("ESME_RINVPASWD (0x0000000E): wrong password");
  });

  it("tells a certificate refusal from a port that does not speak TLS", () => {
    expect(tlsError("h", 2775, err("DEPTH_ZERO_SELF_SIGNED_CERT"))).toMatchObject({
      code: "certificate_rejected",
      message: expect.stringContaining("self-signed"),
    });
    expect(tlsError("h", 2775, err("CERT_HAS_EXPIRED")).message).toContain("has expired");
    expect(tlsError("h", 2775, err("ERR_TLS_CERT_ALTNAME_INVALID")).message).toContain("issued for another host name");
    expect(
      tlsError("h", 2775, err("ECONNRESET", "Client network socket disconnected before secure TLS connection was established")),
    ).toMatchObject({
      code: "tls_on_plain_port",
      message: expect.stringContaining('The port probably serves plain SMPP: turn "Enable TLS over SMPP" off'),
    });
    expect(tlsError("h", 2775, err("ERR_SSL_WRONG_VERSION_NUMBER")).code).toBe("tls_on_plain_port");
  });

  it("says which step the bind timeout interrupted, with a hint for TLS mix-ups", () => {
    expect(bindTimeoutError("tls", 60, true, 2775).message).toMatch(
      /^Timed out after 60 s \(bind timeout\) during the TLS handshake: .*plain SMPP/,
    );
    expect(bindTimeoutError("bind", 5, false, 2776).message).toContain(
      'If port 2776 expects TLS, turn "Enable TLS over SMPP" on',
    );
    expect(bindTimeoutError("tcp", 5, false, 2775).message).toBe("Timed out after 5 s (bind timeout) during the TCP connection");
  });
});
