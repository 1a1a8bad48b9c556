// HTML for the Self-Service Interface: a tagged template that escapes every interpolated value
// (escape-html) unless it is already Html, so a hostile device ID, title or login name is text,
// never markup. Pages load one stylesheet from the same origin and no script at all; the
// Content-Security-Policy the HTTP layer sends forbids anything else.
import escapeHtml from 'escape-html';

/** Markup that is safe to insert as is: only `html` and `joinHtml` make one. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

export const STYLESHEET_PATH = '/ssi/ssi.css';

export const STYLESHEET = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header { background: #0b3d5c; color: #fff; padding: .6rem 1rem; display: flex; gap: 1rem; align-items: center; }
header h1 { font-size: 1.1rem; margin: 0; flex: 1; }
header form { margin: 0; }
main { padding: 1rem; max-width: 80rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; font-size: .9rem; vertical-align: top; }
th { background: #eef2f5; }
.note { color: #555; }
.error { color: #a00; }
label { display: block; margin: .5rem 0 .2rem; }
input[type=text], input[type=password] { width: 20rem; max-width: 100%; }
button { margin-top: .6rem; }
`;

export interface PageOptions {
  title: string;
  /** The signed-in User, for the header; absent on the sign-in page. */
  user?: { name: string; id: string };
  /** The session's CSRF token, for the sign-out form. */
  csrfToken?: string;
  body: Html;
}

export function page(o: PageOptions): string {
  const signedIn = o.user
    ? html`<span data-field="signed-in-user">${o.user.name} (${o.user.id})</span>
        <form method="post" action="/ssi/logout"><input type="hidden" name="csrf" value="${o.csrfToken}"><button type="submit">Sign out</button></form>`
    : html``;
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><title>${o.title} - DCC Self-Service Interface (reference)</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}"></head>
<body><header><h1>DCC Self-Service Interface (reference)</h1>${signedIn}</header><main>${o.body}</main></body></html>`.value}`;
}
