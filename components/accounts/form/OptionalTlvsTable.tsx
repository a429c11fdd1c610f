"use client";
import { TLV_VALUE_TYPES } from "@/lib/accounts/optional-tlvs";
import { labelledOptions, OrderedRow, useRowList } from "./TableCells";

const TYPES = labelledOptions(TLV_VALUE_TYPES, { text: "Text", integer: "Integer", hex: "Hex octets" });

/** "Optional SMPP parameters (TLV)": vendor TLVs (0x1400–0x3FFF) sent with every MT of the account. */
export function OptionalTlvsTable() {
  const { fields, append, remove, move, listError } = useRowList("smsc.optionalTlvs");
  return (
    <div className="md:col-span-2">
      <p className="text-sm text-slate-700">Optional SMPP parameters (TLV)</p>
      <p className="text-xs text-slate-500">
        Sent with every MT of the account (a delivery can add its own). Vendor tags 0x1400–0x3FFF; text goes as an ASCII C-Octet
        string, an integer in 1, 2 or 4 octets, hex as the octets it spells.
      </p>
      {fields.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No optional parameter.</p>
      ) : (
        <table className="mt-2 w-full text-sm" data-testid="optional-tlvs-table">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="w-8 py-1">#</th>
              <th className="py-1">Tag</th>
              <th className="py-1">Type</th>
              <th className="py-1">Value</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {fields.map((f, i) => (
              <OrderedRow
                key={f.id}
                index={i}
                count={fields.length}
                what="parameter"
                onMove={move}
                onRemove={remove}
                cells={[
                  { path: `smsc.optionalTlvs.${i}.tag`, label: `Tag of parameter ${i + 1}`, mono: true },
                  { path: `smsc.optionalTlvs.${i}.type`, label: `Type of parameter ${i + 1}`, options: TYPES },
                  { path: `smsc.optionalTlvs.${i}.value`, label: `Value of parameter ${i + 1}`, mono: true },
                ]}
              />
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="btn mt-2" onClick={() => append({ tag: "0x1400", type: "text", value: "" })}>
        Add optional parameter
      </button>
      {listError ? <p className="field-error">{listError}</p> : null}
    </div>
  );
}
