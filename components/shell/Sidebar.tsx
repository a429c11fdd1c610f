"use client";
import { usePathname } from "next/navigation";
import { useState } from "react";

/**
 * The console's side navigation: a column from 768 px up; below, a top bar with a Menu button that opens it (closed
 * again on navigation), so that a phone gets the page's whole width.
 */
export function Sidebar({ title, children }: { title: React.ReactNode; children: React.ReactNode }) {
  const path = usePathname();
  // Open on the page where it was opened: navigating elsewhere closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  return (
    <aside className="shrink-0 border-b border-slate-200 bg-white p-4 md:w-60 md:border-b-0 md:border-r">
      <div className="flex items-start justify-between gap-3 md:mb-6">
        {title}
        <button
          type="button"
          className="btn md:hidden"
          aria-expanded={open}
          aria-controls="sidebar-content"
          onClick={() => setOpenOn(open ? null : path)}
        >
          {open ? "Close" : "Menu"}
        </button>
      </div>
      <div id="sidebar-content" className={`${open ? "mt-4 block" : "hidden"} md:mt-0 md:block`} data-testid="sidebar-content">
        {children}
      </div>
    </aside>
  );
}
