// @vitest-environment jsdom
// Accounts, roles and sharing in the browser, against a stubbed fetch: what every call carries (cookie policy, CSRF
// token on writes, share token), the sign-in page's refusals, the account menu, API tokens, the members and share
// dialogs, and the read-only, redacted view a viewer gets.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActorDetails } from "../../client/src/components/ActorDetails";
import { AccountMenu } from "../../client/src/components/auth/AccountMenu";
import { ApiTokensDialog } from "../../client/src/components/auth/ApiTokensDialog";
import { MembersDialog } from "../../client/src/components/maps/MembersDialog";
import { ShareDialog } from "../../client/src/components/maps/ShareDialog";
import { api, onWriteRefused, request, setCsrfToken, setShareToken } from "../../client/src/core/api";
import { retryAfterSeconds } from "../../client/src/core/api/utils";
import { throttledMessage, type MapAccess } from "../../client/src/core/auth";
import { AtlasProvider, createQueryClient } from "../../client/src/core/context";
import { useEcosystem, useSignInWhenRefused } from "../../client/src/core/hooks";
import { exportUrl } from "../../client/src/core/imports";
import { createAtlasStore, getEmptyAtlasState, type AtlasStore } from "../../client/src/core/store";
import { AuthPages } from "../../client/src/views/auth/AuthPages";
import { tinyView } from "./fixtures";

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  credentials?: RequestCredentials;
  body?: unknown;
}
type Handler = (body: unknown) => Response;

let calls: Call[];
let routes: Map<string, Handler>;
let access: MapAccess;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
const refused = (status: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { statusCode: status, error: "Refused", message }, headers);

const admin = { id: "u-admin", username: "admin", name: "Ada Admin", isAdmin: true, disabled: false };
const on = (method: string, url: string, handler: Handler) => routes.set(`${method} ${url}`, handler);

beforeEach(() => {
  calls = [];
  access = { reach: "owner", redacted: false };
  setCsrfToken(null);
  setShareToken(null);
  routes = new Map();
  on("GET", "/api/auth/session", () => json(200, { user: admin, csrfToken: "csrf-1" }));
  on("GET", "/api/maps/tiny/graph", () => json(200, { ...tinyView(), map: { ...tinyView().map, access } }));
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({
      method,
      url: input,
      headers: (init.headers ?? {}) as Record<string, string>,
      credentials: init.credentials,
      body,
    });
    const handler = routes.get(`${method} ${input}`) ?? routes.get(`${method} ${input.split("?")[0]}`);
    return handler ? handler(body) : refused(404, `Route ${method} ${input} not found`);
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup(ui: ReactNode, patch: (s: ReturnType<typeof getEmptyAtlasState>) => void = () => {}): AtlasStore {
  const initial = getEmptyAtlasState("tiny");
  patch(initial);
  const store = createAtlasStore(initial);
  render(
    <AtlasProvider store={store} queryClient={createQueryClient()}>
      {ui}
    </AtlasProvider>,
  );
  return store;
}

const sent = (method: string, url: string) => calls.filter((c) => c.method === method && c.url === url);

describe("every API call", () => {
  it("keeps the cookie to this origin, carries the share token always and the CSRF token on writes", async () => {
    setShareToken("share-token-1");
    setCsrfToken("csrf-1");
    on("POST", "/api/maps/tiny/actors", () => json(201, { id: "x" }));
    await api.graph("tiny");
    await api.createActor("tiny", { name: "Oak Club", type: "community_group" } as never);
    const [read, write] = calls;
    expect(read!.credentials).toBe("same-origin");
    expect(read!.headers["x-atlas-share"]).toBe("share-token-1");
    expect(read!.headers["x-csrf-token"]).toBeUndefined();
    expect(write!.credentials).toBe("same-origin");
    expect(write!.headers["x-atlas-share"]).toBe("share-token-1");
    expect(write!.headers["x-csrf-token"]).toBe("csrf-1");
    expect(write!.headers["content-type"]).toBe("application/json");
    // A download cannot send a header: the token rides in the query.
    expect(exportUrl("tiny", "json")).toBe("/api/maps/tiny/export?format=json&share=share-token-1");
  });

  it("without a share link or session sends neither token", async () => {
    await api.graph("tiny");
    expect(calls[0]!.headers).toEqual({ accept: "application/json" });
    expect(exportUrl("tiny", "csv")).toBe("/api/maps/tiny/export?format=csv");
  });

  it("tells of writes refused for want of a session (401, 403, 404), not of reads or sign-in refusals", async () => {
    const refusals = vi.fn();
    const stop = onWriteRefused(refusals);
    on("POST", "/api/maps/tiny/actors", () => refused(401, "Sign in first"));
    on("DELETE", "/api/maps/tiny/actors/x", () => refused(404, "Map 'tiny' not found"));
    on("PATCH", "/api/maps/tiny/actors/x", () => refused(409, "Conflict"));
    on("GET", "/api/maps/tiny/summary", () => refused(401, "Sign in first"));
    on("POST", "/api/auth/login", () => refused(401, "Wrong username or password"));
    await expect(api.createActor("tiny", {} as never)).rejects.toMatchObject({ status: 401 });
    await expect(api.deleteActor("tiny", "x")).rejects.toMatchObject({ status: 404 });
    await expect(api.updateActor("tiny", "x", {})).rejects.toMatchObject({ status: 409 });
    await expect(request("GET", "/api/maps/tiny/summary")).rejects.toMatchObject({ status: 401 });
    await expect(request("POST", "/api/auth/login", { username: "a", password: "b" })).rejects.toMatchObject({
      status: 401,
    });
    stop();
    expect(refusals.mock.calls).toEqual([[401], [404]]);
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-03-01T10:00:00Z");
    expect(retryAfterSeconds("42", now)).toBe(42);
    expect(retryAfterSeconds("Sun, 01 Mar 2026 10:01:30 GMT", now)).toBe(90);
    expect(retryAfterSeconds(null, now)).toBeNull();
    expect(throttledMessage(1)).toBe("Too many sign-in attempts. Try again in 1 second.");
    expect(throttledMessage(90)).toBe("Too many sign-in attempts. Try again in 2 minutes.");
  });
});

describe("the sign-in page", () => {
  it("says when the password is wrong, when attempts are throttled, and closes once signed in", async () => {
    on("GET", "/api/auth/session", () => json(200, { user: null, csrfToken: null }));
    let answer: Response = refused(401, "Invalid credentials");
    on("POST", "/api/auth/login", () => answer);
    const store = setup(
      <>
        <AccountMenu />
        <AuthPages />
      </>,
      (s) => (s.auth.page = { kind: "login" }),
    );
    const page = await screen.findByRole("dialog", { name: "Sign in" });
    const submit = within(page).getByRole("button", { name: "Sign in" });

    fireEvent.click(submit);
    expect((await within(page).findByRole("alert")).textContent).toBe("Enter your username and password.");
    expect(sent("POST", "/api/auth/login")).toEqual([]);

    fireEvent.change(within(page).getByLabelText("Username"), { target: { value: "admin" } });
    fireEvent.change(within(page).getByLabelText("Password"), { target: { value: "not-the-password" } });
    fireEvent.click(submit);
    await waitFor(() => expect(within(page).getByRole("alert").textContent).toBe("Wrong username or password."));
    // The password field empties after a refusal; the username stays.
    expect((within(page).getByLabelText("Password") as HTMLInputElement).value).toBe("");

    answer = refused(429, "Too Many Requests", { "retry-after": "30" });
    fireEvent.change(within(page).getByLabelText("Password"), { target: { value: "again-wrong" } });
    fireEvent.click(submit);
    await waitFor(() =>
      expect(within(page).getByRole("alert").textContent).toBe("Too many sign-in attempts. Try again in 30 seconds."),
    );

    answer = json(200, { user: admin, csrfToken: "csrf-9" });
    fireEvent.change(within(page).getByLabelText("Password"), { target: { value: "right-password" } });
    fireEvent.click(submit);
    await waitFor(() => expect(store.getState().auth.page).toBeNull());
    expect(sent("POST", "/api/auth/login").at(-1)!.body).toEqual({ username: "admin", password: "right-password" });
    expect(await screen.findByTestId("account-menu")).toHaveProperty("textContent", "AAAda Admin");
    // The login answer's CSRF token goes with the next write.
    on("POST", "/api/auth/logout", () => json(204, null));
    fireEvent.click(screen.getByTestId("account-menu"));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Sign out" }));
    await screen.findByTestId("sign-in");
    expect(sent("POST", "/api/auth/logout")[0]!.headers["x-csrf-token"]).toBe("csrf-9");
  });

  it("opens from the header's Sign in button for a visitor", async () => {
    on("GET", "/api/auth/session", () => json(200, { user: null, csrfToken: null }));
    const store = setup(
      <>
        <AccountMenu />
        <AuthPages />
      </>,
    );
    fireEvent.click(await screen.findByTestId("sign-in"));
    expect(store.getState().auth.page).toEqual({ kind: "login", message: undefined });
    await screen.findByRole("dialog", { name: "Sign in" });
  });

  it("sets a password from a one-time link, then asks to sign in with it", async () => {
    on("POST", "/api/auth/set-password", () => json(204, null));
    const store = setup(<AuthPages />, (s) => (s.auth.page = { kind: "set-password", token: "t".repeat(32) }));
    const page = await screen.findByRole("dialog", { name: "Choose your password" });
    fireEvent.change(within(page).getByLabelText("New password"), { target: { value: "short" } });
    fireEvent.click(within(page).getByRole("button", { name: "Set password" }));
    expect((await within(page).findByRole("alert")).textContent).toMatch(/at least 10 characters/);
    fireEvent.change(within(page).getByLabelText("New password"), { target: { value: "a long passphrase" } });
    fireEvent.change(within(page).getByLabelText("Repeat it"), { target: { value: "a long passphrase" } });
    fireEvent.click(within(page).getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(store.getState().auth.page?.kind).toBe("login"));
    expect(sent("POST", "/api/auth/set-password")[0]!.body).toEqual({
      token: "t".repeat(32),
      password: "a long passphrase",
    });
    expect((await screen.findByRole("status")).textContent).toBe("Your password is set. Sign in with it.");
  });
});

describe("a write refused for want of a session", () => {
  function Prompt() {
    useSignInWhenRefused();
    return null;
  }
  const page = (
    <>
      <Prompt />
      <AccountMenu />
      <AuthPages />
    </>
  );

  it("asks a visitor to sign in on a 401", async () => {
    on("GET", "/api/auth/session", () => json(200, { user: null, csrfToken: null }));
    on("POST", "/api/maps/tiny/actors", () => refused(401, "Sign in first"));
    const store = setup(page);
    await screen.findByTestId("sign-in");
    await expect(api.createActor("tiny", {} as never)).rejects.toMatchObject({ status: 401 });
    await waitFor(() =>
      expect(store.getState().auth.page).toEqual({ kind: "login", message: "Sign in to make changes to this map." }),
    );
  });

  it("says the session has ended when a signed-in write meets a 404 and the session is gone", async () => {
    on("DELETE", "/api/maps/tiny/actors/x", () => refused(404, "Map 'tiny' not found"));
    const store = setup(page);
    await screen.findByTestId("account-menu");
    // Signed out elsewhere: the session now reads as nobody.
    on("GET", "/api/auth/session", () => json(200, { user: null, csrfToken: null }));
    await expect(api.deleteActor("tiny", "x")).rejects.toMatchObject({ status: 404 });
    await waitFor(() => expect(store.getState().auth.page?.kind).toBe("login"));
    expect(await screen.findByText("Your session has ended. Sign in again, then send your change again.")).toBeTruthy();
    await screen.findByTestId("sign-in");
  });

  it("leaves a refusal alone while the session holds (a real 404 or 403)", async () => {
    on("DELETE", "/api/maps/tiny/actors/x", () => refused(404, "Actor 'x' not found"));
    const store = setup(page);
    await screen.findByTestId("account-menu");
    const sessions = () => sent("GET", "/api/auth/session").length;
    const before = sessions();
    await expect(api.deleteActor("tiny", "x")).rejects.toMatchObject({ status: 404 });
    await waitFor(() => expect(sessions()).toBe(before + 1));
    expect(store.getState().auth.page).toBeNull();
  });
});

describe("API tokens", () => {
  it("creates a token limited to a role, shows its secret once and revokes it", async () => {
    const tokens = [
      { id: "t1", name: "old script", role: "viewer", maps: null, expiresAt: null, createdAt: "2026-01-01T00:00:00Z" },
    ];
    on("GET", "/api/auth/tokens", () => json(200, tokens));
    on("GET", "/api/maps", () => json(200, { items: [tinyView().map], total: 1, limit: 1000, offset: 0 }));
    on("POST", "/api/auth/tokens", (body) => {
      const made = {
        id: "t2",
        ...(body as object),
        maps: ["tiny"],
        expiresAt: null,
        createdAt: "2026-02-01T00:00:00Z",
      };
      tokens.push(made as never);
      return json(201, { ...made, token: "atl_secret_123" });
    });
    on("DELETE", "/api/auth/tokens/t1", () => json(204, null));
    setup(<ApiTokensDialog onClose={() => {}} />);
    const dialog = await screen.findByRole("dialog", { name: "API tokens" });
    await within(dialog).findByText("old script");
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "survey import" } });
    fireEvent.change(within(dialog).getByLabelText("Role at most"), { target: { value: "editor" } });
    fireEvent.click(await within(dialog).findByLabelText("Tiny"));
    fireEvent.click(within(dialog).getByTestId("token-create"));
    const value = (await within(dialog).findByTestId("token-value")) as HTMLInputElement;
    expect(value.value).toBe("atl_secret_123");
    expect(sent("POST", "/api/auth/tokens")[0]!.body).toEqual({
      name: "survey import",
      role: "editor",
      maps: ["tiny"],
    });
    await within(dialog).findByText("survey import");
    fireEvent.click(within(dialog).getByRole("button", { name: "Revoke token old script" }));
    await waitFor(() => expect(sent("DELETE", "/api/auth/tokens/t1")).toHaveLength(1));
  });
});

describe("the members dialog", () => {
  it("lists members, changes a role, removes after a confirmation, and hands out a new account's one-time link", async () => {
    const members = [
      { userId: "u-admin", username: "admin", name: "Ada Admin", role: "owner" },
      { userId: "u-2", username: "bo", name: "Bo Reader", role: "viewer" },
    ];
    on("GET", "/api/maps/tiny/members", () => json(200, { items: members }));
    on("PATCH", "/api/maps/tiny/members/u-2", (body) => json(200, { ...members[1], ...(body as object) }));
    on("DELETE", "/api/maps/tiny/members/u-2", () => json(204, null));
    on("POST", "/api/maps/tiny/members", (body) =>
      json(201, {
        member: { userId: "u-3", name: "Cy New", ...(body as object) },
        setPasswordUrl: "/?set-password=abcdefabcdefabcdefabcdef",
      }),
    );
    setup(<MembersDialog mapId="tiny" mapName="Tiny" onClose={() => {}} />);
    const dialog = await screen.findByRole("dialog", { name: "Members" });
    const rows = await within(dialog).findAllByTestId("member-row");
    expect(rows.map((r) => r.getAttribute("data-user-id"))).toEqual(["u-admin", "u-2"]);
    expect(within(rows[0]!).getByText("(you)")).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText("Role of bo"), { target: { value: "editor" } });
    await waitFor(() => expect(sent("PATCH", "/api/maps/tiny/members/u-2")[0]?.body).toEqual({ role: "editor" }));

    fireEvent.click(within(dialog).getByRole("button", { name: "Remove bo" }));
    expect(sent("DELETE", "/api/maps/tiny/members/u-2")).toEqual([]);
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm removing bo" }));
    await waitFor(() => expect(sent("DELETE", "/api/maps/tiny/members/u-2")).toHaveLength(1));

    fireEvent.change(within(dialog).getByLabelText("Username"), { target: { value: "cy" } });
    fireEvent.change(within(dialog).getByLabelText("Role"), { target: { value: "editor" } });
    fireEvent.change(within(dialog).getByLabelText("Name (for a new account)"), { target: { value: "Cy New" } });
    fireEvent.click(within(dialog).getByTestId("member-add"));
    const link = (await within(dialog).findByTestId("invite-link")) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/?set-password=abcdefabcdefabcdefabcdef`);
    expect(sent("POST", "/api/maps/tiny/members")[0]!.body).toEqual({ username: "cy", role: "editor", name: "Cy New" });
  });
});

describe("the share dialog", () => {
  it("sets the visibility, creates a link shown once as a full address, and revokes links", async () => {
    const links: { id: string; label: string | null; expiresAt: null; createdAt: string }[] = [
      { id: "l1", label: "board", expiresAt: null, createdAt: "2026-01-05T00:00:00Z" },
    ];
    on("GET", "/api/maps/tiny/share-links", () => json(200, { items: links }));
    on("PATCH", "/api/maps/tiny", (body) => json(200, { ...tinyView().map, ...(body as object) }));
    on("POST", "/api/maps/tiny/share-links", (body) => {
      const made = {
        id: "l2",
        label: (body as { label?: string }).label ?? null,
        expiresAt: null,
        createdAt: "2026-02-01T00:00:00Z",
      };
      links.push(made);
      return json(201, { ...made, token: "shr_tok", url: "/?map=tiny&share=shr_tok" });
    });
    on("DELETE", "/api/maps/tiny/share-links/l1", () => json(204, null));
    setup(
      <ShareDialog
        mapId="tiny"
        mapName="Tiny"
        visibility="private"
        redactedTypes={["family", "individual"]}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole("dialog", { name: "Share" });
    expect(within(dialog).getByTestId("share-private-note")).toBeTruthy();

    fireEvent.click(within(dialog).getByLabelText(/Anyone with a link/));
    await waitFor(() => expect(sent("PATCH", "/api/maps/tiny")[0]?.body).toEqual({ visibility: "link" }));

    fireEvent.change(within(dialog).getByLabelText("Label"), { target: { value: "county partners" } });
    fireEvent.change(within(dialog).getByLabelText("Expires (optional)"), { target: { value: "2099-06-30" } });
    fireEvent.click(within(dialog).getByTestId("share-create"));
    const url = (await within(dialog).findByTestId("share-url")) as HTMLInputElement;
    expect(url.value).toBe(`${window.location.origin}/?map=tiny&share=shr_tok`);
    const body = sent("POST", "/api/maps/tiny/share-links")[0]!.body as { label: string; expiresAt: string };
    expect(body.label).toBe("county partners");
    expect(new Date(body.expiresAt).getFullYear()).toBe(2099);
    await within(dialog).findByText("county partners");

    fireEvent.click(within(dialog).getByRole("button", { name: "Revoke board" }));
    await waitFor(() => expect(sent("DELETE", "/api/maps/tiny/share-links/l1")).toHaveLength(1));

    // Which types are shown under pseudonyms: families and individuals to start with; parents' groups added.
    const types = within(dialog).getByTestId("protected-types");
    expect((within(types).getByLabelText("Family") as HTMLInputElement).checked).toBe(true);
    expect((within(types).getByLabelText("Family group") as HTMLInputElement).checked).toBe(false);
    fireEvent.click(within(types).getByLabelText("Family group"));
    await waitFor(() =>
      expect(sent("PATCH", "/api/maps/tiny").map((r) => r.body)).toContainEqual({
        redactedTypes: ["family", "individual", "family_group"],
      }),
    );
  });
});

describe("what a reach allows", () => {
  function SchoolDetails() {
    const eco = useEcosystem();
    return eco ? <ActorDetails actor={eco.actors.get("school-a")!} /> : null;
  }

  it("offers an owner or editor the editing controls, and a viewer none", async () => {
    setup(<SchoolDetails />);
    await screen.findByRole("button", { name: "Edit actor" });
    expect(screen.getByRole("button", { name: "+ Need" })).toBeTruthy();
    cleanup();

    access = { reach: "viewer", redacted: true };
    setup(<SchoolDetails />);
    await screen.findByTestId("actor-panel");
    expect(screen.queryByRole("button", { name: "Edit actor" })).toBeNull();
    expect(screen.queryByRole("button", { name: "+ Need" })).toBeNull();
    expect(screen.queryByRole("button", { name: "+ Relationship" })).toBeNull();
    expect(screen.getByRole("button", { name: "Zoom to actor" })).toBeTruthy();
  });
});
