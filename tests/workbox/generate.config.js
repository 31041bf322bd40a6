// generateSW: a whole worker from the site's files (minified, as production builds are).
module.exports = {
  globDirectory: "site/",
  globPatterns: ["**/*.{html,js,css}"],
  swDest: "out/generate/sw-enhanced.js",
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  skipWaiting: true,
  clientsClaim: true,
};
