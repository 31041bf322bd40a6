//! The embedded sandbox app (`crates/swcache-sandbox`), behind the default cargo feature
//! `sandbox`: the one place the rest of swcache reaches it through.

pub use swcache_sandbox::{
    BACKUP_VERSION, Fault, Sandbox, SandboxOptions, generate_token, parse_fault_spec,
    scenario_names, worker_script,
};
