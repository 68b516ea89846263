import type { Environment } from "vitest/environments";

// Node, with modules transformed as for the browser: Svelte compiles runes for its client runtime
// (where `$state` is reactive and `$effect` runs) instead of the no-op server one that Vitest's
// `node` environment would pick. No DOM: the tests cover logic, not markup.
export default <Environment>{
  name: "svelte-client",
  viteEnvironment: "client",
  setup: () => ({ teardown: () => {} }),
};
