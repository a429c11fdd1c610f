import Link from "next/link";

/** /insms/{id} for an id that names no stored MO (deleted with its account, or never there): HTTP 404 with this. */
export default function IncomingSmsNotFound() {
  return (
    <div className="card max-w-xl p-6" data-testid="insms-not-found">
      <h1 className="mb-2 text-lg font-semibold">Incoming SMS not found</h1>
      <p className="mb-4 text-sm text-slate-600">
        No incoming SMS has this id. It may have been deleted with its routing account, or the link is wrong.
      </p>
      <Link href="/insms" className="btn">
        Back to Incoming SMS
      </Link>
    </div>
  );
}
