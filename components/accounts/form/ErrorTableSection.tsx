"use client";
import { Checkbox, Section } from "./Field";
import { ERROR_TYPES } from "@/lib/accounts/error-table";
import { labelledOptions, OrderedTable, useRowList } from "./TableCells";

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
  const rows = useRowList("smsc.errorTable");
  const { fields, append, listError } = rows;
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
          <OrderedTable
            testId="error-table"
            headClassName="sticky top-0 bg-white text-left text-slate-500"
            titles={["SR <implementation> <stat> <err>", "Type", "Reason"]}
            rows={rows}
            what="error"
            cells={(i) => [
              { path: `smsc.errorTable.${i}.match`, label: `Pattern of error ${i + 1}`, mono: true },
              { path: `smsc.errorTable.${i}.type`, label: `Type of error ${i + 1}`, options: TYPES },
              { path: `smsc.errorTable.${i}.reason`, label: `Reason of error ${i + 1}` },
            ]}
          />
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
