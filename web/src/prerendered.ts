/**
 * What the server rendered into the page before the app started: the login and verification
 * pages come with their markup in `#root` (src/ops/web-pages.ts) and, for a verification, its
 * answer as JSON in `<script type="application/json" id="prerendered">` (data, not a script: the
 * CSP lets no inline script run). The app renders the same page over it (app.tsx): what the visitor
 * typed meanwhile is taken over (the fields' values, the focus), and the answer is used instead of
 * asking again. All of it holds for the first page only (`dropPrerendered`).
 */

type Verification = { code: string; status: 200; data: unknown } | { code: string; status: 404 };

let values = new Map<string, string>();
let focused: string | null = null;
/** One query's data, under the key the page asks for it (src/ops/server-render.ts). */
export interface PrerenderedQuery {
  key: readonly unknown[];
  data: unknown;
}

let data: { verify?: Verification; queries?: PrerenderedQuery[] } | null = null;

/**
 * Whether the server rendered a signed-in page (home, a document, an election: it read the user
 * from the page cookie). The app renders over it only once it knows the user too.
 */
export function isSignedInPrerender(): boolean {
  return isPrerendered() && /"signedIn":true/.test(document.getElementById('prerendered')?.textContent ?? '');
}

/** Whether the server rendered this page (its markup is in `#root`). */
export function isPrerendered(): boolean {
  return Boolean(document.getElementById('root')?.firstElementChild);
}

/**
 * Reads the server-rendered fields' values and the focus, just before the app's first render
 * replaces them (the same task: nothing typed can fall between).
 */
export function takeOver(): void {
  const root = document.getElementById('root');
  for (const input of root?.querySelectorAll<HTMLInputElement>('input[id]:not([type=file])') ?? []) {
    if (input.value) values.set(input.id, input.value);
  }
  const active = document.activeElement;
  focused = active instanceof HTMLElement && root?.contains(active) && active.id ? active.id : null;
  const json = document.getElementById('prerendered')?.textContent;
  try {
    data = json ? (JSON.parse(json) as typeof data) : null;
  } catch {
    data = null;
  }
}

/** Puts the focus back where it was in the server's page (called once the app has rendered). */
export function restoreFocus(): void {
  if (focused) document.getElementById(focused)?.focus();
  focused = null;
}

/** What the visitor typed into the server's field `id` before the app took over ('' if nothing). */
export function prerenderedValue(id: string): string {
  return values.get(id) ?? '';
}

/** The verification the server looked up for `code`, if it did. */
export function prerenderedVerification(code: string): Verification | undefined {
  return data?.verify?.code === code ? data.verify : undefined;
}

/**
 * The data of a page the server rendered with the app's own components (web/src/entry-server.tsx):
 * the app hydrates that markup with the same data. Undefined for the pages of hand-written markup.
 */
export function prerenderedQueries(): PrerenderedQuery[] | undefined {
  return Array.isArray(data?.queries) ? data.queries : undefined;
}

/** After the first page: nothing above applies any more. */
export function dropPrerendered(): void {
  values = new Map();
  focused = null;
  data = null;
}
