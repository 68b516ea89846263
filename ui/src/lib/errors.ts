// What a failed job's stored code and detail mean to a person at the desktop: the detail is in
// the words of whatever failed (Kling's message, the rule broken); the advice is the app's own.
import type { ErrorCode } from "./bindings";

/** What to do, in the app's terms, for every code (the type makes a missing one a build error). */
export const ADVICE: Record<ErrorCode, string> = {
  invalid_input: "Change the setting named and try again.",
  bad_keys: "Check the keys in Settings and this computer's clock.",
  no_keys: "Add your keys in Settings.",
  no_credits: "Buy or renew an API resource pack in the Kling developer console (website credits do not count).",
  account: "Check the account in the Kling developer console.",
  no_access: "Choose another model, or ask Kling for access to this one.",
  content_refused: "Reword the prompt or use another picture.",
  rate_limited: "It is tried again automatically.",
  concurrency_limit: "It is sent when one of the account's running tasks finishes.",
  server: "Kling's side failed; press Retry in a little while.",
  not_found: "It may have been removed.",
  malformed: "Check the API host in Settings.",
  network: "Check the network and the API host in Settings.",
  timeout: "Check the network, then press Retry.",
  uncertain: "It may have been made at Kling: check before retrying.",
  download: "Press Retry to fetch it again.",
  task_failed: "Try again, perhaps with another prompt or picture.",
  io: "Check the library folder exists and is writable.",
  config: "Check the API host in Settings.",
  library_unwritable: "Choose another library folder in Settings, or fix its permissions.",
  disk_full: "Free some disk space, then press Retry.",
  library_index: "The files are safe; reopen the library to rebuild its index.",
  sidecar: "The file is kept; its details could not be read.",
  trash: "Delete the file from the file manager.",
  thumbnail: "The file is kept; its preview could not be made.",
  not_retryable: "Only a failed job can be retried.",
  keychain_unavailable: "Start or unlock your keyring, or keep the keys for this session only.",
  keychain_corrupt: "Enter the keys again in Settings.",
  keychain_refused: "Allow Kling Studio in your keyring, or keep the keys for this session only.",
  sandbox: "Restart Kling Studio.",
  starting: "Wait a moment and try again.",
  no_file_manager: "Open the folder by hand.",
  interrupted: "It goes on when Kling Studio runs again.",
  internal: "This is a bug in Kling Studio; please report it.",
  failed: "Press Retry.",
};

/** One line for the queue and the toast. */
export function jobErrorMessage(code: ErrorCode | null, detail: string | null): string {
  const what = detail?.trim() ? detail.trim() : "No reason was given.";
  if (code === "task_failed") return `Kling could not generate this: ${what}`;
  if (code === "concurrency_limit") return "Waiting: the account's task slots are all in use at Kling.";
  return code ? `${capitalise(what)} — ${ADVICE[code]}` : capitalise(what);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
