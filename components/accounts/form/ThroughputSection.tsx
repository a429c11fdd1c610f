"use client";
import { Field, NumberInput, Section } from "./Field";

/** Spec "Throughput and timeouts"; durations in seconds. */
export function ThroughputSection() {
  return (
    <Section title="Throughput and timeouts" id="throughput">
      <Field path="throughput.window" label="Sending window" hint="submit_sm awaiting their response, per connection (1–1000)">
        <NumberInput path="throughput.window" min={1} max={1000} />
      </Field>
      <Field path="throughput.mtPerSecond" label="Max MT throughput" hint="MT per second per connection; 0 = unlimited">
        <NumberInput path="throughput.mtPerSecond" min={0} max={10000} />
      </Field>
      <Field path="throughput.reconnectDelay" label="Time before reconnection" hint="Seconds (1–3600)">
        <NumberInput path="throughput.reconnectDelay" min={1} max={3600} />
      </Field>
      <Field
        path="throughput.mtTimeout"
        label="Expiration period of the MT"
        hint="Seconds to wait for submit_sm_resp before retrying (not the validity period)"
      >
        <NumberInput path="throughput.mtTimeout" min={1} max={600} />
      </Field>
      <Field path="throughput.bindTimeout" label="Bind timeout" hint="Seconds from TCP connect to bind_resp (1–300)">
        <NumberInput path="throughput.bindTimeout" min={1} max={300} />
      </Field>
      <Field path="throughput.enquireLinkPeriod" label="enquire_link period" hint="Seconds of idle time; 0 = off">
        <NumberInput path="throughput.enquireLinkPeriod" min={0} max={3600} />
      </Field>
    </Section>
  );
}
