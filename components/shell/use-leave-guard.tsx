"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useConfirm } from "./ConfirmDialog";

/**
 * While `dirty`, leaving the page asks first: the browser's own prompt on reload, close or typed address
 * (beforeunload), and the console's confirmation dialog on a click on one of the app's links (a Next <Link> navigates
 * without unloading the page, so beforeunload never fires for it). Render the returned dialog.
 */
export function useLeaveGuard(dirty: boolean): React.ReactNode {
  const router = useRouter();
  const [confirm, dialog] = useConfirm();
  const leaving = useRef(false);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (leaving.current) return;
      e.preventDefault();
      // Older Chromium asks only when returnValue is set.
      e.returnValue = "";
    };
    const onClick = (e: MouseEvent) => {
      if (leaving.current || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.("a[href]");
      if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== "_self") || a.hasAttribute("download")) return;
      const to = new URL(a.href, location.href);
      if (to.origin !== location.origin) return;
      if (to.pathname === location.pathname && to.search === location.search) return;
      // Before Next's own click handler (React listens on the root, below document): the navigation waits for the answer.
      e.preventDefault();
      e.stopPropagation();
      void confirm({
        title: "Leave without saving?",
        message: "The changes made in this form are not saved yet. They are lost if you leave the page.",
        confirmLabel: "Leave without saving",
        danger: true,
      }).then((ok) => {
        if (!ok) return;
        leaving.current = true;
        router.push(to.pathname + to.search + to.hash);
      });
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, confirm, router]);

  return dialog;
}
