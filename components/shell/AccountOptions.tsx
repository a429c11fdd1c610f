/** The <option>s of an account select (filters, new delivery): each account by its label, after an optional "all". */
export function AccountOptions({ accounts, all }: { accounts: { id: string; label: string }[]; all?: string }) {
  return (
    <>
      {all !== undefined ? <option value="">{all}</option> : null}
      {accounts.map((a) => (
        <option key={a.id} value={a.id}>
          {a.label}
        </option>
      ))}
    </>
  );
}
