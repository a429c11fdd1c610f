import { NotAllowed } from "@/components/shell/NotAllowed";

/** requirePageUser("admin") refused the page: HTTP 403 with this. */
export default function Forbidden() {
  return <NotAllowed needed="admin" />;
}
