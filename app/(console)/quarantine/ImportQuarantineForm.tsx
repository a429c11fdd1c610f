"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { QuarantineImportSummary } from "@/lib/quarantine/import";

type Outcome = { ok: true; summary: QuarantineImportSummary } | { ok: false; error: string; summary?: QuarantineImportSummary };

/** Uploads a CSV of numbers to POST /api/v1/quarantine/import and shows its counts and first invalid lines. */
export function ImportQuarantineForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.name === "") {
      setOutcome({ ok: false, error: "Choose a CSV file" });
      return;
    }
    setOutcome(null);
    startTransition(async () => {
      try {
        const res = await fetch("/api/v1/quarantine/import", { method: "POST", body: form });
        const body = await res.json().catch(() => null);
        if (res.ok) setOutcome({ ok: true, summary: body as QuarantineImportSummary });
        else
          setOutcome({
            ok: false,
            error: body?.error?.message ?? `The import failed (HTTP ${res.status})`,
            summary: body?.summary,
          });
      } catch {
        setOutcome({ ok: false, error: "The console cannot be reached: try again" });
      }
      router.refresh();
    });
  };

  const s = outcome?.summary;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2" aria-label="Import a CSV">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="qi-file">CSV file</label>
          <input
            id="qi-file"
            name="file"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="mt-1 block text-sm"
            aria-invalid={outcome?.ok === false}
            aria-describedby="qi-file-help qi-file-error"
          />
        </div>
        <button type="submit" className="btn" disabled={pending}>
          {pending ? "Importing…" : "Import CSV"}
        </button>
      </div>
      <p id="qi-file-help" className="text-xs text-slate-500">
        A number column (number, phone, mobile…), optionally reason and shortCode (empty: all short codes). A number already there
        keeps its entry; a reason in the file replaces its reason.
      </p>
      {outcome?.ok === false && (
        <p role="alert" className="field-error" id="qi-file-error">
          {outcome.error}
        </p>
      )}
      {s && (
        <div role="status" className="text-sm text-slate-700" data-testid="quarantine-import-result">
          <p>
            {s.total.toLocaleString("en")} lines read: {s.added.toLocaleString("en")} added, {s.updated.toLocaleString("en")}{" "}
            already in quarantine, {s.duplicates.toLocaleString("en")} duplicates, {s.invalid.toLocaleString("en")} invalid.
          </p>
          {s.invalidLines.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-slate-600">
              {s.invalidLines.map((l) => (
                <li key={l.line}>
                  Line {l.line}: <span className="font-mono">{l.value || "(empty)"}</span> — {l.error}
                </li>
              ))}
              {s.invalid > s.invalidLines.length && (
                <li>…and {(s.invalid - s.invalidLines.length).toLocaleString("en")} more invalid lines</li>
              )}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
