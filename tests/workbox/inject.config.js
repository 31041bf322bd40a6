// injectManifest: the app's own worker with the manifest injected, not minified.
module.exports = {
  globDirectory: "site/",
  globPatterns: ["**/*.{html,js,css}"],
  swSrc: "sw-src.js",
  swDest: "out/inject/sw-enhanced.js",
};
