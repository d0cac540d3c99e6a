// The account page on screen, if any, over the atlas (which stays as it was, so a form left open for a sign-in keeps
// what was typed).
import { useAuthPage } from "../../core/hooks";
import { LoginPage } from "./LoginPage";
import { SetPasswordPage } from "./SetPasswordPage";

export function AuthPages() {
  const page = useAuthPage();
  if (page?.kind === "login") return <LoginPage message={page.message} />;
  if (page?.kind === "set-password") return <SetPasswordPage token={page.token} />;
  return null;
}
