/** Presets fill the form's defaults (shared/spec/routing-account.md, "Presets"). Client-safe. */
import { presetErrorTable } from "./error-table";
import type { RoutingAccountInput } from "./schema";

export const PRESET_NAMES = ["generic", "8x8"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

type PresetValues = Omit<RoutingAccountInput, "label" | "internalName">;

export const PRESETS: Record<PresetName, { title: string; values: PresetValues }> = {
  generic: {
    title: "Generic SMPP",
    values: {
      // Saved disabled: an account binds only once an admin enables it (after a Test connection).
      enabled: false,
      connection: {
        mode: "transceiver",
        implementationName: "Generic",
        host: "",
        port: 2775,
        systemId: "",
        systemType: "",
        connections: 1,
        tls: false,
      },
      channel: { serviceType: "" },
      throughput: { window: 10, mtPerSecond: 0, reconnectDelay: 10, mtTimeout: 30, bindTimeout: 60, enquireLinkPeriod: 30 },
      smsc: { errorTable: presetErrorTable("generic", "*") },
      autoReplies: [],
    },
  },
  "8x8": {
    title: "8x8 (smpp.8x8.com, TLS 2776)",
    values: {
      // Saved disabled: an account binds only once an admin enables it (after a Test connection).
      enabled: false,
      connection: {
        mode: "transceiver",
        implementationName: "8x8",
        host: "smpp.8x8.com",
        port: 2776,
        systemId: "",
        systemType: "",
        connections: 1,
        tls: true,
      },
      channel: { serviceType: "smpp" },
      throughput: { window: 10, mtPerSecond: 50, reconnectDelay: 10, mtTimeout: 30, bindTimeout: 60, enquireLinkPeriod: 30 },
      smsc: { errorTable: presetErrorTable("8x8", "*") },
      autoReplies: [],
    },
  },
};
