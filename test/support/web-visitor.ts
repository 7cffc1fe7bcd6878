/**
 * The web pages over plain HTTP, as a browser with JavaScript off would use them: one cookie jar,
 * redirects not followed (so a test sees each 303), and the CSRF and form tokens read from a page.
 * Quicker than Chromium for status codes, headers and refusals; journeys belong in browser.ts.
 *
 *   const v = webVisitor(t.baseUrl);
 *   await v.signIn('aud');
 *   const page = await v.get('/my-work');
 *   const saved = await v.post('/audits/x/sections/S2', { ...v.tokens(page.html), grade: 'GOOD' });
 */
export interface VisitorResponse {
  status: number;
  location: string | null;
  setCookie: string | null;
  html: string;
  response: Response;
}

export function webVisitor(baseUrl: string) {
  let cookie = '';
  const send = async (path: string, form?: Record<string, string>): Promise<VisitorResponse> => {
    const response = await fetch(baseUrl + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    return { status: response.status, location: response.headers.get('location'), setCookie, html: await response.text(), response };
  };
  /** The hidden `_csrf` and `_form` of the first form on a page. */
  const tokens = (html: string) => ({
    _csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
    ...(/name="_form" value="([^"]+)"/.exec(html) ? { _form: /name="_form" value="([^"]+)"/.exec(html)![1] } : {}),
  });
  return {
    get: (path: string) => send(path),
    post: (path: string, form: Record<string, string>) => send(path, form),
    tokens,
    /** The session cookie as sent (`pa_session=…`), e.g. to carry it to a restarted service. */
    cookie: () => cookie,
    csrf: (html: string) => tokens(html)._csrf,
    /** Through the dev sign-in page; fails unless it lands on My work. */
    async signIn(staffId: string) {
      const page = await send('/sign-in');
      const done = await send('/sign-in', { _csrf: tokens(page.html)._csrf, staffId });
      if (done.location !== '/my-work') throw new Error(`sign-in as ${staffId}: ${done.status} ${done.location}`);
    },
  };
}
