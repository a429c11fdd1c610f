import { describe, expect, it } from "vitest";
import { COMMAND_STATUS, commandStatusCode, commandStatusName, isRetryableStatus } from "@/lib/smpp/codec/command-status";

describe("command_status names", () => {
  it.each([
    [0x00, "ESME_ROK (0x00000000)"],
    [0x01, "ESME_RINVMSGLEN (0x00000001)"],
    [0x08, "ESME_RSYSERR (0x00000008)"],
    [0x0b, "ESME_RINVDSTADR (0x0000000B)"],
    [0x0d, "ESME_RBINDFAIL (0x0000000D)"],
    [0x14, "ESME_RMSGQFUL (0x00000014)"],
    [0x58, "ESME_RTHROTTLED (0x00000058)"],
    [0x64, "ESME_RX_T_APPN (0x00000064)"],
    [0x65, "ESME_RX_P_APPN (0x00000065)"],
    [0x66, "ESME_RX_R_APPN (0x00000066)"],
    [0xff, "ESME_RUNKNOWNERR (0x000000FF)"],
  ])("%i → %s", (code, name) => {
    expect(commandStatusName(code)).toBe(name);
  });

  it("names unknown and vendor codes without throwing", () => {
    expect(commandStatusName(0x9999)).toBe("Unknown status (0x00009999)");
    expect(commandStatusName(0x401)).toBe("SMSC vendor-specific error (0x00000401)");
  });

  it("every SMPP v3.4 status has a distinct code", () => {
    const codes = Object.values(COMMAND_STATUS);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("reads names and aliases back", () => {
    expect(commandStatusCode("ESME_RTHROTTLED")).toBe(0x58);
    expect(commandStatusCode("esme_rqueueful")).toBe(0x14);
    expect(commandStatusCode("nope")).toBeNull();
  });

  it("retries congestion and temporary errors, not permanent refusals", () => {
    for (const c of [0x58, 0x14, 0x08, 0x64]) expect(isRetryableStatus(c)).toBe(true);
    for (const c of [0x00, 0x0b, 0x0d, 0x01, 0x65, 0x66, 0x45]) expect(isRetryableStatus(c)).toBe(false);
  });
});
