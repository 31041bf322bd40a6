// Release v0.9.0: the sandbox's site precached by the worker source sw-v0.9.0.js.
module.exports = {
  globDirectory: "../site/",
  globPatterns: ["**/*.{html,js,css}"],
  swSrc: "sw-v0.9.0.js",
  swDest: "out/sw-v0.9.0.js",
};
