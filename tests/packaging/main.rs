//! What ships beside the binary: the Debian package, the systemd units, the Kubernetes
//! manifests, the release workflow and the CI examples, each checked with the real tool
//! (dpkg, systemd-analyze, kubernetes-validate, check-jsonschema). `.ci/test` installs them.

mod ci_schemas;
mod commands;
mod deb;
mod kubernetes;
mod support;
mod systemd;
