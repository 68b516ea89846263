import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

// Unit tests of the UI's logic (not its markup). The app's Vite config brings the Svelte plugin,
// which compiles runes in `.svelte.ts` modules (tests named `*.svelte.test.ts` may use runes too).
// The `browser` condition and the client-side transform (vitest.environment.ts) both pick Svelte's
// client runtime, where `$state` is reactive and `$effect` runs; the server one does neither.
export default mergeConfig(
  viteConfig,
  defineConfig({
    resolve: { conditions: ["browser"] },
    test: {
      include: ["src/**/*.test.ts"],
      environment: "./vitest.environment.ts",
      // Dates are shown in local time: the tests pin the zone so their expectations hold anywhere.
      env: { TZ: "UTC" },
    },
  }),
);
