"use client";
import { NumberField, Section } from "./Field";

/** Spec "Throughput and timeouts"; durations in seconds. */
export function ThroughputSection() {
  return (
    <Section title="Throughput and timeouts" id="throughput">
      <NumberField
        path="throughput.window"
        label="Sending window"
        hint="submit_sm awaiting their response, per connection (1–1000)"
        min={1}
        max={1000}
      />
      <NumberField
        path="throughput.mtPerSecond"
        label="Max MT throughput"
        hint="MT per second per connection; 0 = unlimited"
        min={0}
        max={10000}
      />
      <NumberField path="throughput.reconnectDelay" label="Time before reconnection" hint="Seconds (1–3600)" min={1} max={3600} />
      <NumberField
        path="throughput.mtTimeout"
        label="Expiration period of the MT"
        hint="Seconds to wait for submit_sm_resp before retrying (not the validity period)"
        min={1}
        max={600}
      />
      <NumberField
        path="throughput.bindTimeout"
        label="Bind timeout"
        hint="Seconds from TCP connect to bind_resp (1–300)"
        min={1}
        max={300}
      />
      <NumberField
        path="throughput.enquireLinkPeriod"
        label="enquire_link period"
        hint="Seconds of idle time; 0 = off"
        min={0}
        max={3600}
      />
    </Section>
  );
}
