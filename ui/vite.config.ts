import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The UI is bundled into the Tauri binary (tauri.conf.json: build.frontendDist = "ui/dist").
export default defineConfig({
  // No `window.__svelte` version marker: nothing here reads it.
  plugins: [svelte({ compilerOptions: { discloseVersion: false } })],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    // Keep everything in files: the CSP allows no inline script or style.
    assetsInlineLimit: 0,
    // WebKitGTK preloads modules itself; the polyfill was dead weight in the first script.
    modulePreload: { polyfill: false },
    // Three kinds of chunk instead of the default thirty-odd (issue 18: 127.9 → 122.1 KB gzipped in all, the
    // first screen's three requests 49.5 → 46.7 KB): `boot`, what the first script imports (the blank start-up
    // floor loads only this); `shared`, every module two or more pages use (Svelte's runtime, the shell, the
    // dashboard's cards); and one chunk per page. Each small chunk cost its own gzip header and dictionary.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "boot", tags: ["$initial"], priority: 2 },
            { name: "shared", minShareCount: 2, includeDependenciesRecursively: false, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
