"use client";
import { EncodingsTable } from "./EncodingsTable";
import { Checkbox, Field, NumberField, Section, Select, TextInput } from "./Field";
import { OptionalTlvsTable } from "./OptionalTlvsTable";
import { SrTester } from "./SrTester";

const ID_FORMATS = [
  { value: "asIs", label: "As is" },
  { value: "decimal", label: "Decimal (trim spaces and leading zeros)" },
  { value: "hexNumber", label: "Hexadecimal number (compared as decimal)" },
  { value: "hexString", label: 'Hexadecimal string ("414243" → "ABC")' },
] as const;

/** Spec "SMSC specifics": encodings, segmentation, bind addressing, SR regexes and id formats, with the SR tester. */
export function SmscSection() {
  return (
    <Section title="SMSC specifics" id="smsc">
      <EncodingsTable />
      <div className="space-y-3 md:col-span-2">
        <Checkbox
          path="smsc.messagePayload"
          label="Enable message_payload"
          hint="A long text goes whole in the message_payload TLV instead of UDH-concatenated parts"
        />
        <Checkbox
          path="smsc.sendFullPhoneNumber"
          label="Send full phone number (send characters other than digits)"
          hint="Off: +33 6 12-34-56-78 goes out as 33612345678"
        />
      </div>
      <NumberField
        path="smsc.maxParts"
        label="Maximum number of SMS per message"
        hint="A longer text is refused with “SMS too long”"
        min={1}
        max={255}
      />
      <Field path="smsc.addressRange" label="Address range">
        <TextInput path="smsc.addressRange" />
      </Field>
      <NumberField path="smsc.bindTon" label="Bind TON" min={0} max={255} />
      <NumberField path="smsc.bindNpi" label="Bind NPI" min={0} max={255} />
      <Field path="smsc.srIdRegex" label="Extraction regex of the ID in the SR" hint="One capture group">
        <TextInput path="smsc.srIdRegex" className="font-mono" spellCheck={false} />
      </Field>
      <Field path="smsc.srStatusRegex" label="Extraction regex of the status in the SR" hint="One capture group">
        <TextInput path="smsc.srStatusRegex" className="font-mono" spellCheck={false} />
      </Field>
      <Field path="smsc.srErrorRegex" label="Extraction regex of the error code in the SR" hint="One capture group">
        <TextInput path="smsc.srErrorRegex" className="font-mono" spellCheck={false} />
      </Field>
      <Field path="smsc.srSuccessRegex" label="Regex applied to determine successful status">
        <TextInput path="smsc.srSuccessRegex" className="font-mono" spellCheck={false} />
      </Field>
      <Field path="smsc.srErrorStatusRegex" label="Regex applied to determine error status">
        <TextInput path="smsc.srErrorStatusRegex" className="font-mono" spellCheck={false} />
      </Field>
      <div />
      <Field path="smsc.mtIdFormat" label="ID format in MT acknowledgment">
        <Select path="smsc.mtIdFormat" options={ID_FORMATS} />
      </Field>
      <Field path="smsc.srIdFormat" label="ID format in the SR">
        <Select path="smsc.srIdFormat" options={ID_FORMATS} />
      </Field>
      <Checkbox
        path="smsc.srIdInOptionalField"
        label="SR ID or error code in optional field"
        hint="TLVs are appended to the text the regexes read as “ 0xTAG:VALUE” (receipted_message_id is 0x001E)"
      />
      <Checkbox
        path="smsc.srIdInTextField"
        label="SR ID or error code in text field"
        hint="Keep the text: part in the regex input"
      />
      <NumberField
        path="smsc.invalidIdAckCount"
        label="Invalid ID acknowledge count"
        hint="0: an SR matching no MT is stored unmatched and answered OK. N: it is refused N times (the SMSC sends it again), then answered OK and listed as unmatched"
        min={0}
        max={100}
      />
      <Field
        path="smsc.serviceIdTag"
        label="Service ID tag"
        hint="A vendor TLV tag (0x1400–0x3FFF) carrying the delivery's Service or program ID; empty = not sent"
      >
        <TextInput path="smsc.serviceIdTag" className="font-mono" spellCheck={false} placeholder="0x1400" />
      </Field>
      <OptionalTlvsTable />
      <SrTester />
    </Section>
  );
}
