// Plays the browser's part of a sign-in without a browser: open the authorization address at the test OAuth server,
// follow its redirect (or submit its form_post page) to the helper's loopback listener, and return the page it ends on.
export interface LoopbackPage {
  status: number;
  text: string;
}

export async function approveSignIn(authorizationUrl: string): Promise<LoopbackPage> {
  const answer = await fetch(authorizationUrl, { redirect: 'manual' });
  if (answer.status === 302 || answer.status === 303) {
    const page = await fetch(new URL(answer.headers.get('location') ?? '', authorizationUrl));
    return { status: page.status, text: await page.text() };
  }
  const html = await answer.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`the authorization server answered ${answer.status} without a redirect or a form: ${html.slice(0, 300)}`);
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(([, k, v]) => [decode(k!), decode(v!)]);
  const page = await fetch(decode(action), { method: 'POST', body: new URLSearchParams(fields) });
  return { status: page.status, text: await page.text() };
}

function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
