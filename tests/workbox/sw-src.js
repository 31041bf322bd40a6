// injectManifest source: Workbox injects the precache list where the manifest marker stands.
// A hand-written precache on top of it, as apps that bundle their own worker do.
const SW_VERSION = "v1.0.0";
const MANIFEST = self.__WB_MANIFEST;
const CACHE = "sandbox-precache-" + SW_VERSION;
self.addEventListener("install", (event) => {
  const urls = MANIFEST.map((e) => new URL(e.url, self.location).href);
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(urls)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
});
