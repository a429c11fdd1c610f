/** The two table styles of the console: pages' tables (roomy, shaded header) and panels' (compact). */
const STYLES = {
  page: { head: "border-b bg-slate-50 text-left text-slate-500", cell: "px-4 py-2" },
  compact: { head: "border-b text-left text-slate-500", cell: "px-2 py-1" },
} as const;

/** A column title, or [title, extra classes] (`text-right` for numbers…); "" for a column without a title. */
export type Column = string | readonly [title: string, extra: string];

/** A table's `<thead>`: one row of column titles in one of the console's table styles. */
export function TableHead({ columns, style = "page" }: { columns: readonly Column[]; style?: keyof typeof STYLES }) {
  const { head, cell } = STYLES[style];
  return (
    <thead className={head}>
      <tr>
        {columns.map((c, i) => {
          const [title, extra] = typeof c === "string" ? [c, ""] : c;
          return (
            <th key={i} className={title === "" && extra === "" ? undefined : extra ? `${cell} ${extra}` : cell}>
              {title}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
