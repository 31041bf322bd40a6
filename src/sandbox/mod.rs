// TEMPORARY STUB until the real sandbox lands.
use serde::{Deserialize, Serialize};
pub struct SandboxOptions {
    pub bind: std::net::SocketAddr,
    pub scenario: String,
    pub scenario_file: Option<std::path::PathBuf>,
    pub latency: std::time::Duration,
    pub token: String,
    pub faults: Vec<Fault>,
}
impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            bind: ([127, 0, 0, 1], 0).into(),
            scenario: "healthy".into(),
            scenario_file: None,
            latency: Default::default(),
            token: generate_token(),
            faults: vec![],
        }
    }
}
pub struct Sandbox {
    token: String,
}
impl Sandbox {
    pub async fn start(opts: SandboxOptions) -> anyhow::Result<Sandbox> {
        Ok(Sandbox { token: opts.token })
    }
    pub fn addr(&self) -> std::net::SocketAddr {
        ([127, 0, 0, 1], 0).into()
    }
    pub fn base_url(&self) -> String {
        "http://127.0.0.1:1".into()
    }
    pub fn token(&self) -> &str {
        &self.token
    }
    pub async fn shutdown(self) {}
}
pub fn generate_token() -> String {
    "x".into()
}
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Fault {
    pub path: String,
}
pub fn parse_fault_spec(spec: &str) -> Result<Fault, String> {
    Ok(Fault { path: spec.into() })
}
