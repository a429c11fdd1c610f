"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { quarantineEntrySchema, type QuarantineEntryInput } from "@/lib/quarantine/schema";
import { addQuarantineAction } from "./actions";

// The same zod schema checks the fields in the browser (errors next to each field as you go) and in the action.
export function AddQuarantineForm() {
  const [pending, startTransition] = useTransition();
  const [added, setAdded] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<QuarantineEntryInput>({
    resolver: zodResolver(quarantineEntrySchema),
    defaultValues: { number: "", shortCode: "", reason: "" },
    mode: "onTouched",
  });

  const onSubmit = handleSubmit((values) => {
    setAdded(null);
    setRefused(null);
    startTransition(async () => {
      const result = await addQuarantineAction(values);
      if (result.ok) {
        setAdded(result.number);
        reset();
      } else if (result.fields) {
        for (const [name, message] of Object.entries(result.fields)) setError(name as keyof QuarantineEntryInput, { message });
      } else {
        setRefused(result.message);
      }
    });
  });

  const cls = (bad: boolean) => `input mt-1${bad ? " input-error" : ""}`;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add to quarantine">
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4 md:items-start">
        <div>
          <label htmlFor="qn-number">Phone number</label>
          <input
            id="qn-number"
            {...register("number")}
            placeholder="+33 6 12 34 56 78"
            className={cls(!!errors.number)}
            aria-invalid={!!errors.number}
            aria-describedby="qn-number-error"
          />
          {errors.number && (
            <p className="field-error" id="qn-number-error">
              {errors.number.message}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="qn-short-code">Short code</label>
          <input
            id="qn-short-code"
            {...register("shortCode")}
            placeholder="empty = all short codes"
            className={cls(!!errors.shortCode)}
            aria-invalid={!!errors.shortCode}
          />
          {errors.shortCode && <p className="field-error">{errors.shortCode.message}</p>}
        </div>
        <div>
          <label htmlFor="qn-reason">Reason</label>
          <input
            id="qn-reason"
            {...register("reason")}
            placeholder="e.g. asked by phone"
            className={cls(!!errors.reason)}
            aria-invalid={!!errors.reason}
          />
          {errors.reason && <p className="field-error">{errors.reason.message}</p>}
        </div>
        <div className="md:pt-6">
          <button type="submit" className="btn-primary" disabled={pending}>
            Add to quarantine
          </button>
        </div>
      </div>
      {refused && (
        <p role="alert" className="field-error">
          {refused}
        </p>
      )}
      {added && (
        <p role="status" className="text-sm text-emerald-700">
          +{added} is in quarantine: sends to it are skipped.
        </p>
      )}
    </form>
  );
}
