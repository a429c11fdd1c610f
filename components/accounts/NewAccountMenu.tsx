import Link from "next/link";
import { PRESET_NAMES, PRESETS } from "@/lib/accounts/presets";

/** "New account" with the preset to start from (generic SMPP or 8x8). */
export function NewAccountMenu() {
  return (
    <details className="relative">
      <summary className="btn-primary cursor-pointer list-none">New account ▾</summary>
      <div className="absolute right-0 z-10 mt-1 w-72 rounded-md border border-slate-200 bg-white p-1 shadow-lg" role="menu">
        {PRESET_NAMES.map((name) => (
          <Link
            key={name}
            href={`/accounts/new?preset=${name}`}
            role="menuitem"
            className="block rounded px-3 py-2 text-sm hover:bg-slate-100"
          >
            {PRESETS[name].title}
          </Link>
        ))}
      </div>
    </details>
  );
}
