"use client";
import { Checkbox, Field, NumberField, Section, TextInput } from "./Field";

/** Spec "SMPP channel settings". */
export function ChannelSection() {
  return (
    <Section title="SMPP channel settings" id="channel">
      <div className="space-y-3 md:col-span-2">
        <Checkbox
          path="channel.transliteration"
          label="Allow character transliteration"
          hint="Characters outside GSM 03.38 are approximated (ê→e) instead of falling back to UCS-2"
        />
        <Checkbox path="channel.storeIncomingMo" label="Store incoming MO in the database" hint="MO go to the inSMS table" />
        <Checkbox
          path="channel.realtimeKpi"
          label="Enable Real-time KPI updates during SR processing"
          hint="Delivered and Bounces + Errors move as each SR is processed; off, they are computed when the delivery ends"
        />
      </div>
      <Field path="channel.sourceNumber" label="Source number" hint="Digits, or an alphanumeric sender of at most 11 characters">
        <TextInput path="channel.sourceNumber" />
      </Field>
      <Field path="channel.shortCode" label="Short code" hint="Automatic replies and quarantine are scoped to it">
        <TextInput path="channel.shortCode" />
      </Field>
      <NumberField path="channel.sourceTon" label="Source TON" min={0} max={255} />
      <NumberField path="channel.sourceNpi" label="Source NPI" min={0} max={255} />
      <NumberField path="channel.destinationTon" label="Destination TON" min={0} max={255} />
      <NumberField path="channel.destinationNpi" label="Destination NPI" min={0} max={255} />
      <Field path="channel.serviceType" label="Service type" hint="Copied to service_type (at most 5 characters)">
        <TextInput path="channel.serviceType" />
      </Field>
    </Section>
  );
}
