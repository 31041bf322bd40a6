// Release v1.0.1: the sandbox's site precached by the worker source sw-v1.0.1.js.
module.exports = {
  globDirectory: "../site/",
  globPatterns: ["**/*.{html,js,css}"],
  swSrc: "sw-v1.0.1.js",
  swDest: "out/sw-v1.0.1.js",
};
