/**
 * The account form's values: the schema's input type with every field present, built from a preset (new account)
 * or from a stored account (edit; passwords are never in it: undefined keeps the stored one). Client-safe.
 */
import { PRESETS, type PresetName } from "@/lib/accounts/presets";
import {
  channelSchema,
  smscSchema,
  throughputSchema,
  type RoutingAccount,
  type RoutingAccountInput,
} from "@/lib/accounts/schema";

export type AccountFormValues = RoutingAccountInput;

const CONNECTION_DEFAULTS: RoutingAccount["connection"] = {
  mode: "transceiver",
  implementationName: "Generic",
  host: "",
  port: 2775,
  systemId: "",
  password: "",
  systemType: "",
  connections: 1,
  tls: false,
  certificateCheck: "full",
  verboseTraces: false,
  separateReceiver: false,
  receiver: null,
};

export const EMPTY_RECEIVER = { host: "", port: 2775, systemId: "", password: "", systemType: "" };

/** The values of a new account: the spec's defaults overlaid with the preset's. */
export function presetFormValues(preset: PresetName): AccountFormValues {
  const p = PRESETS[preset].values;
  return {
    label: "",
    internalName: "",
    enabled: false,
    connection: { ...CONNECTION_DEFAULTS, ...p.connection },
    channel: { ...channelSchema.parse({}), ...p.channel },
    throughput: { ...throughputSchema.parse({}), ...p.throughput },
    smsc: { ...smscSchema.parse({}), ...p.smsc },
    autoReplies: [...(p.autoReplies ?? [])],
  };
}

/** Settings of a stored account as form values; passwords stay out (write-only). */
export function storedFormValues(a: RoutingAccount): AccountFormValues {
  const receiver = a.connection.receiver ? { ...a.connection.receiver, password: undefined } : null;
  return {
    label: a.label,
    internalName: a.internalName,
    enabled: a.enabled,
    connection: { ...CONNECTION_DEFAULTS, ...a.connection, password: undefined, receiver },
    channel: { ...channelSchema.parse({}), ...a.channel },
    throughput: { ...throughputSchema.parse({}), ...a.throughput },
    smsc: { ...smscSchema.parse({}), ...a.smsc },
    autoReplies: a.autoReplies.map((r) => ({ ...r })),
  };
}
