import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "SMS routing console",
  description: "SMPP routing accounts, incoming SMS and bulk deliveries",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
