// startSignIn: opens an OAuth2 sign-in in the host and answers with the address for the browser tab; the end of it
// comes later as a signInFinished event (the tokens stay in the host).
import { defineHandler } from './handler';

export default defineHandler({
  type: 'startSignIn',
  async handle(request, { signIns }) {
    const { signIn, url } = await signIns.start(request.provider, request.user);
    return { type: 'signInStarted', id: request.id, signIn, url };
  },
});
