"use client";
import { useState } from "react";

/** Copies `value` to the clipboard and says so for two seconds (a token, a one-time password). */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="btn px-2 py-0.5 text-xs"
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setState("copied");
        } catch {
          // No clipboard (plain HTTP on another host): the value stays shown to select by hand.
          setState("failed");
        }
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Select and copy it" : "Copy"}
    </button>
  );
}
