// Registers the app's worker; the probe reads what it reports.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw-enhanced.js", { scope: "/" })
    .then(() => { document.getElementById("out").textContent = "registered"; })
    .catch((e) => { document.getElementById("out").textContent = "failed: " + e; });
}
