"use client";
import { TLV_VALUE_TYPES } from "@/lib/accounts/optional-tlvs";
import { labelledOptions, OrderedTable, useRowList } from "./TableCells";

const TYPES = labelledOptions(TLV_VALUE_TYPES, { text: "Text", integer: "Integer", hex: "Hex octets" });

/** "Optional SMPP parameters (TLV)": vendor TLVs (0x1400–0x3FFF) sent with every MT of the account. */
export function OptionalTlvsTable() {
  const rows = useRowList("smsc.optionalTlvs");
  const { fields, append, listError } = rows;
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
        <OrderedTable
          testId="optional-tlvs-table"
          className="mt-2"
          headClassName="text-left text-slate-500"
          titles={["Tag", "Type", "Value"]}
          rows={rows}
          what="parameter"
          cells={(i) => [
            { path: `smsc.optionalTlvs.${i}.tag`, label: `Tag of parameter ${i + 1}`, mono: true },
            { path: `smsc.optionalTlvs.${i}.type`, label: `Type of parameter ${i + 1}`, options: TYPES },
            { path: `smsc.optionalTlvs.${i}.value`, label: `Value of parameter ${i + 1}`, mono: true },
          ]}
        />
      )}
      <button type="button" className="btn mt-2" onClick={() => append({ tag: "0x1400", type: "text", value: "" })}>
        Add optional parameter
      </button>
      {listError ? <p className="field-error">{listError}</p> : null}
    </div>
  );
}
