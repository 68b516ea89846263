// First frame painted and IPC answering: tell the benchmark.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("ready")));
