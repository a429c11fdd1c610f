"use client";
import { Checkbox, Section } from "./Field";
import { ERROR_TYPES } from "@/lib/accounts/error-table";
import { labelledOptions, OrderedRow, useRowList } from "./TableCells";

const TYPES = labelledOptions(ERROR_TYPES, {
  soft: "Soft (retried)",
  hard: "Hard (quarantine)",
  ignored: "Ignored (failed, not retried)",
});

/**
 * "Error qualification": each failed SR or refused submit_sm is named `SR <implementation> <stat> <err>` and the
 * first matching row gives its type and reason; an error no row matches is soft and listed as new.
 */
export function ErrorTableSection() {
  const { fields, append, remove, move, listError } = useRowList("smsc.errorTable");
  return (
    <Section title="Error qualification" id="errors">
      <div className="md:col-span-2 space-y-3">
        <p className="text-xs text-slate-500">
          Rows are tried top to bottom against <code>SR &lt;implementation&gt; &lt;stat&gt; &lt;err&gt;</code> (a refused
          submit_sm reads <code>SR 8x8 ESME_RINVDSTADR 0x0000000B</code>); <code>*</code> stands for any implementation, status or
          code, and codes compare as numbers (015 = 15). An error no row matches counts as soft.
        </p>
        <Checkbox
          path="smsc.quarantineOnHardError"
          label="Put numbers in quarantine after a hard error"
          hint="Off: a hard error fails the message but leaves the number sendable"
        />
        <div className="max-h-96 overflow-y-auto">
          <table className="w-full text-sm" data-testid="error-table">
            <thead className="sticky top-0 bg-white text-left text-slate-500">
              <tr>
                <th className="w-8 py-1">#</th>
                <th className="py-1">SR &lt;implementation&gt; &lt;stat&gt; &lt;err&gt;</th>
                <th className="py-1">Type</th>
                <th className="py-1">Reason</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {fields.map((f, i) => (
                <OrderedRow
                  key={f.id}
                  index={i}
                  count={fields.length}
                  what="error"
                  onMove={move}
                  onRemove={remove}
                  cells={[
                    { path: `smsc.errorTable.${i}.match`, label: `Pattern of error ${i + 1}`, mono: true },
                    { path: `smsc.errorTable.${i}.type`, label: `Type of error ${i + 1}`, options: TYPES },
                    { path: `smsc.errorTable.${i}.reason`, label: `Reason of error ${i + 1}` },
                  ]}
                />
              ))}
            </tbody>
          </table>
          {fields.length === 0 ? <p className="text-sm text-slate-500">No row: every error counts as soft.</p> : null}
        </div>
        <button type="button" className="btn" onClick={() => append({ match: "SR * UNDELIV 000", type: "soft", reason: "" })}>
          Add error
        </button>
        {listError ? <p className="field-error">{listError}</p> : null}
      </div>
    </Section>
  );
}
