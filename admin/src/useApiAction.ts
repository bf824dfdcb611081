import { useState } from 'react';
import { useNotify } from 'react-admin';

/**
 * Runs a button's call to the API: `busy` while it runs (so the button waits), and a refusal shown
 * as the notification http.ts has already put in the user's words.
 */
export function useApiAction() {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
