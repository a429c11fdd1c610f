import Link from "next/link";

/** Adobe Campaign's path to the SMS accounts, then the current page. */
export function Breadcrumb({ current }: { current?: { label: string; href?: string }[] }) {
  const trail = [
    { label: "Administration" },
    { label: "Channels" },
    { label: "SMS" },
    { label: "SMS accounts", href: "/accounts" },
    ...(current ?? []),
  ];
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-500">
      <ol className="flex flex-wrap items-center gap-1">
        {trail.map((t, i) => (
          <li key={`${t.label}-${i}`} className="flex items-center gap-1">
            {i > 0 ? <span aria-hidden>›</span> : null}
            {"href" in t && t.href && i < trail.length - 1 ? (
              <Link href={t.href} className="hover:text-indigo-700 hover:underline">
                {t.label}
              </Link>
            ) : (
              <span aria-current={i === trail.length - 1 ? "page" : undefined}>{t.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
