// The sandbox app's worker, release v1.0.1. workbox-cli injectManifest puts the precache
// manifest in place of the marker below (see build.sh): the output in out/ is what
// the sandbox serves at /sw-enhanced.js.
const SW_VERSION = "v1.0.1";
const PRECACHE = "sandbox-precache-" + SW_VERSION;
const MANIFEST = self.__WB_MANIFEST;

self.addEventListener("install", (event) => {
  // As Workbox's precache: every entry must fetch, or the install fails and clients stay on
  // the worker they run.
  const urls = MANIFEST.map((e) => new URL(e.url, self.location).href);
  event.waitUntil(caches.open(PRECACHE).then((c) => c.addAll(urls)));
  // This release does not skip waiting: it activates once every tab of the previous one is
  // closed.
});

self.addEventListener("activate", (event) => {
  const old = (k) => k.startsWith("sandbox-precache-") && k !== PRECACHE;
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter(old).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  // "/" is "/index.html", as Workbox's directoryIndex.
  const path = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
  event.respondWith(
    caches.open(PRECACHE)
      .then((c) => c.match(new URL(path, self.location).href))
      .then((hit) => hit || fetch(event.request)),
  );
});
