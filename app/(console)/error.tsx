"use client";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const forbidden = /needs the \w+ role/.test(error.message);
  return (
    <div className="card max-w-xl p-6">
      <h1 className="mb-2 text-lg font-semibold">{forbidden ? "Not allowed" : "Something went wrong"}</h1>
      <p className="mb-4 text-sm text-slate-600">
        {forbidden ? error.message : "The page could not be shown. Try again; if it persists, look at the server log."}
      </p>
      <button className="btn" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
