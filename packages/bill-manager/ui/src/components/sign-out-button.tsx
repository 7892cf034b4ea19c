import { useState } from 'react';
import { useSession } from '../session/session-context.js';

export function SignOutButton() {
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button-ghost button-small"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        signOut().finally(() => setBusy(false));
      }}
    >
      Sign out
    </button>
  );
}
