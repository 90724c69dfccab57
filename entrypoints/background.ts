// Background service worker: owns the native-messaging port, the state and the toolbar badge.
import { startWorker } from '../lib/worker';

export default defineBackground({
  type: 'module',
  main() {
    startWorker();
  },
});
