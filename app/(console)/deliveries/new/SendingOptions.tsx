"use client";

import { get, useFieldArray, useFormContext } from "react-hook-form";
import { TransmissionModeOptions } from "@/components/shell/TransmissionModeOptions";
import { DEFAULT_RETRY_COUNT, DEFAULT_RETRY_PERIOD_SECONDS } from "@/lib/deliveries/schema";

/** The delivery fields this section holds, in the API's names (the form posts them as they are). */
export const SENDING_OPTION_FIELDS = [
  "serviceId",
  "transmissionMode",
  "validityPeriodSeconds",
  "maxParts",
  "optionalTlvs",
  "retryCount",
  "retryPeriodSeconds",
] as const;

export const SENDING_OPTION_DEFAULTS = {
  serviceId: "",
  transmissionMode: "normal" as const,
  validityPeriodSeconds: "",
  maxParts: "",
  optionalTlvs: [] as { tag: string; type: "text" | "integer" | "hex"; value: string }[],
  retryCount: String(DEFAULT_RETRY_COUNT),
  retryPeriodSeconds: String(DEFAULT_RETRY_PERIOD_SECONDS),
};

type Values = typeof SENDING_OPTION_DEFAULTS;

function useError(path: string): string | undefined {
  const {
    formState: { errors },
  } = useFormContext();
  return (get(errors, path) as { message?: string } | undefined)?.message;
}

function Input({ path, label, hint, ...rest }: { path: string; label: string; hint?: string } & React.ComponentProps<"input">) {
  const { register } = useFormContext();
  const error = useError(path);
  const id = `delivery-${path.replace(/\./g, "-")}`;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        className={`input mt-1 ${error ? "input-error" : ""}`}
        {...rest}
        {...register(path)}
      />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

/** Adobe's delivery properties: how each MT goes on the wire and how soft errors are retried. */
export function SendingOptions() {
  const { register, control } = useFormContext<Values>();
  const { fields, append, remove } = useFieldArray({ control, name: "optionalTlvs" });
  const tlvError = useError("optionalTlvs");
  return (
    <details className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Sending options</summary>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <Input
          path="serviceId"
          label="Service or program ID"
          hint="Sent under the account's Service ID tag (when it has one)."
          spellCheck={false}
        />
        <div>
          <label htmlFor="delivery-transmissionMode">Transmission mode</label>
          <select id="delivery-transmissionMode" className="input mt-1" {...register("transmissionMode")}>
            <TransmissionModeOptions />
          </select>
        </div>
        <Input
          path="validityPeriodSeconds"
          label="Validity period (seconds)"
          inputMode="numeric"
          placeholder="the SMSC's default"
          hint="From now; sent as an absolute UTC time. Retries stop when it ends."
        />
        <Input path="maxParts" label="Maximum number of SMS per message" inputMode="numeric" placeholder="the account's" />
        <Input path="retryCount" label="Retries after a soft error" inputMode="numeric" hint={`Default ${DEFAULT_RETRY_COUNT}`} />
        <Input
          path="retryPeriodSeconds"
          label="Retry period (seconds)"
          inputMode="numeric"
          hint={`Default ${DEFAULT_RETRY_PERIOD_SECONDS}`}
        />
      </div>
      <div className="mt-4">
        <p className="text-sm text-slate-700">Optional SMPP parameters (TLV)</p>
        <p className="text-xs text-slate-500">
          Added to the account&apos;s (a row with the same tag replaces the account&apos;s).
        </p>
        {fields.length > 0 ? (
          <table className="mt-2 w-full text-sm" data-testid="delivery-tlvs-table">
            <tbody>
              {fields.map((f, i) => (
                <TlvRow key={f.id} index={i} onRemove={() => remove(i)} />
              ))}
            </tbody>
          </table>
        ) : null}
        <button type="button" className="btn mt-2" onClick={() => append({ tag: "0x1400", type: "text", value: "" })}>
          Add optional parameter
        </button>
        {tlvError ? <p className="field-error">{tlvError}</p> : null}
      </div>
    </details>
  );
}

function TlvRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { register } = useFormContext();
  const tagError = useError(`optionalTlvs.${index}.tag`);
  const valueError = useError(`optionalTlvs.${index}.value`);
  return (
    <tr className="align-top">
      <td className="py-1 pr-2">
        <input
          aria-label={`Tag of parameter ${index + 1}`}
          className={`input font-mono ${tagError ? "input-error" : ""}`}
          spellCheck={false}
          {...register(`optionalTlvs.${index}.tag`)}
        />
        {tagError ? <p className="field-error">{tagError}</p> : null}
      </td>
      <td className="py-1 pr-2">
        <select aria-label={`Type of parameter ${index + 1}`} className="input" {...register(`optionalTlvs.${index}.type`)}>
          <option value="text">Text</option>
          <option value="integer">Integer</option>
          <option value="hex">Hex octets</option>
        </select>
      </td>
      <td className="py-1 pr-2">
        <input
          aria-label={`Value of parameter ${index + 1}`}
          className={`input font-mono ${valueError ? "input-error" : ""}`}
          spellCheck={false}
          {...register(`optionalTlvs.${index}.value`)}
        />
        {valueError ? <p className="field-error">{valueError}</p> : null}
      </td>
      <td className="py-1 text-right">
        <button type="button" className="btn" aria-label={`Remove parameter ${index + 1}`} onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}
