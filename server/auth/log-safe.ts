// Addresses that carry a secret: share links (`?share=`), one-time password links (`?set-password=`) and survey
// respondents' links (`?respond=` for the page, `/api/respond/<token>` for its API). The log keeps the address only.
const SECRET_QUERY = /([?&](?:share|set-password|respond)=)[^&#]*/g;
const SECRET_PATH = /(\/api\/respond\/)[^/?#]+/;

/** `url` with every secret it carries replaced by an ellipsis. */
export const logSafeUrl = (url: string): string => url.replace(SECRET_QUERY, "$1…").replace(SECRET_PATH, "$1…");
