import Link from "next/link";

/**
 * "First page" / "Next →" under a keyset-paged table (quarantine, unmatched receipts). `href` builds the page's URL
 * with its filters; nothing is shown on a single page.
 */
export function CursorPager(props: {
  cursor: string | number | null | undefined;
  nextCursor: string | number | null | undefined;
  href: (extra: Record<string, string>) => string;
}) {
  if (!props.cursor && !props.nextCursor) return null;
  return (
    <div className="flex justify-end gap-2 border-t border-slate-200 p-3">
      {Boolean(props.cursor) && (
        <Link className="btn" href={props.href({})}>
          First page
        </Link>
      )}
      {props.nextCursor && (
        <Link className="btn" href={props.href({ cursor: String(props.nextCursor) })}>
          Next →
        </Link>
      )}
    </div>
  );
}
