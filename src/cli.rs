//! The command line (clap derive only). Settings resolution and execution live elsewhere.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::output::Format;

/// Service-worker cache operations: validate, roll out, maintain, respond — safely.
///
/// Every request has a deadline; a figure that cannot be read is UNKNOWN and drives no write;
/// writes are confirmed by reading back and recorded in an audit log.
#[derive(Debug, Parser)]
#[command(
    name = "swcache",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown, 4 action failed, \
5 stopped (declined, needs --yes, gate held, interrupted), 64 usage, 78 configuration."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Shown under their own heading, after each subcommand's own options.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Base URL of the app [env: SWCACHE_URL]; overrides the environment's
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,

    /// Named environment of the config file [env: SWCACHE_ENV]
    #[arg(long = "env", global = true, value_name = "NAME")]
    pub env_name: Option<String>,

    /// Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user's config dir]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Output format [env: SWCACHE_OUTPUT]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,

    /// Same as --output json: one JSON document on stdout
    #[arg(long, global = true, conflicts_with = "output")]
    pub json: bool,

    /// Answer yes at confirmations (needed for writes without a terminal)
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Send only reads; print each write that would be sent
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// Send no [notify] message (a rehearsal); --dry-run sends none either
    #[arg(long, global = true)]
    pub no_notify: bool,

    /// Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Run against the embedded sandbox app on an ephemeral loopback port
    #[arg(long, global = true)]
    pub sandbox: bool,

    /// Scenario for --sandbox (implies it)
    #[arg(long, global = true, value_name = "NAME", value_parser = scenario_parser())]
    pub sandbox_scenario: Option<String>,

    /// Quieter: only warnings and errors on stderr
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "verbose")]
    pub quiet: u8,

    /// Louder: each request on stderr
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)
    Validate(ValidateArgs),
    /// The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy,
    /// verify what is served, post-deploy tests (replaces phases 1–2 of the guide)
    Deploy(DeployArgs),
    /// Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default
    /// enhanced-cache)
    #[command(subcommand)]
    Rollout(RolloutCommand),
    /// Roll the enhanced cache back: now (emergency) or step by step, watched and resumable
    #[command(subcommand)]
    Rollback(RollbackCommand),
    /// Daily and weekly cache maintenance, for cron
    #[command(subcommand)]
    Maintain(MaintainCommand),
    /// Incident response: high error rate, storage quota
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// The thresholds in force, and the alerting rules and Grafana dashboard made from them
    #[command(subcommand)]
    Thresholds(ThresholdsCommand),
    /// Write a commented config file, or check one and show its environments
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Who changed what, when, from which host, with which command, and how the read-back went
    /// (the audit log in the state directory)
    Audit(AuditArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Serve the embedded sandbox app on loopback, with scenarios and fault injection
    Sandbox(SandboxArgs),
    /// Open the app's page in headless Chromium and report what a browser runs: the worker
    /// controlling the page, its precache, storage, the page offline, and whether an update
    /// reached this kept client
    Probe(ProbeArgs),
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// How long the browser may take, an update reaching its kept client included; past it
    /// the figures not read are UNKNOWN and the browser is ended
    #[arg(long, value_name = "DURATION", value_parser = parse_probe_deadline, default_value = "30s")]
    pub deadline: Duration,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]
    #[arg(long, value_name = "PERCENT")]
    pub max_error_rate: Option<f64>,

    /// Also fetch every entry of the worker's Workbox precache manifest from the edge: 2xx,
    /// no HTML standing in for a script, MD5 equal to its revision (once: not with --watch,
    /// whose every reading would fetch them all again)
    #[arg(long, conflicts_with = "watch")]
    pub precache: bool,

    #[command(flatten)]
    pub watch: WatchArgs,
}

#[derive(Debug, Args)]
pub struct RolloutStatusArgs {
    #[command(flatten)]
    pub watch: WatchArgs,
}

/// A live view: the same reads again at an interval (never a write).
#[derive(Clone, Debug, Default, Args)]
pub struct WatchArgs {
    /// Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn
    /// in place with each figure's trend, elsewhere one JSON document per line; Ctrl-C ends it
    #[arg(
        long,
        value_name = "INTERVAL",
        num_args = 0..=1,
        default_missing_value = "5s",
        value_parser = parse_watch_interval
    )]
    pub watch: Option<Duration>,

    /// With --watch: stop after N readings (the exit code is then the last reading's)
    #[arg(long, value_name = "N", requires = "watch", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
}

/// Which environment `deploy` targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DeployTarget {
    Staging,
    Production,
}

impl DeployTarget {
    pub fn name(self) -> &'static str {
        match self {
            DeployTarget::Staging => "staging",
            DeployTarget::Production => "production",
        }
    }
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Its [environments.NAME] of the config when defined (--env, if given, must match)
    #[arg(value_enum, value_name = "ENV")]
    pub target: DeployTarget,

    /// Don't build (artifacts built elsewhere); skips the Node.js and build tool checks
    #[arg(long)]
    pub skip_build: bool,

    /// Run no step: only check the artifacts and verify what is served
    #[arg(long, conflicts_with = "skip_build")]
    pub verify_only: bool,

    /// Allow a plain-http production URL (loopback is always allowed)
    #[arg(long)]
    pub allow_insecure: bool,

    /// Where the artifact paths are relative to [default: [deploy] build_dir, else .]
    #[arg(long, value_name = "DIR")]
    pub build_dir: Option<PathBuf>,

    /// Given to every step; the built and served worker must declare it [default: [deploy]
    /// release, else the built worker's SW_VERSION]
    #[arg(long, value_name = "VERSION")]
    pub release: Option<String>,

    /// How long to poll the served state before failing [default: [deploy]
    /// verify_deadline = 2m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub verify_deadline: Option<Duration>,

    /// Production emergencies: deploy without staging's verification and tests of the
    /// release; REASON goes to the audit log
    #[arg(long, value_name = "REASON")]
    pub skip_staging_gate: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RolloutCommand {
    /// The flag's state and the gate: every KPI with a threshold, the error rate, the bake time
    Status(RolloutStatusArgs),
    /// Set the rollout percentage (raising exposure shows the gate and asks first)
    Set(RolloutSetArgs),
    /// Move to the next step of the schedule, only when the gate is open
    Advance(RolloutAdvanceArgs),
    /// Turn the feature back on (after a rollback): at the schedule's first step unless a
    /// percentage is given, only when the gate is open
    Enable(RolloutEnableArgs),
    /// Turn the feature off for everyone (the flag half of an emergency rollback)
    Disable,
    /// Drive the whole schedule: set each step, bake it while analysing the figures, advance
    /// when the analysis passes, roll back when it fails; resumable
    #[command(after_long_help = RUN_EXIT_CODES)]
    Run(RolloutRunArgs),
    /// End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback
    /// takes that rollback; `--resume` then refuses and a new run may start
    Abort(RolloutAbortArgs),
    /// Hold a live `rollout run` (from any machine sharing its state) at its next safe point:
    /// the step stays, the bake clock stops, until `rollout continue`
    Pause(RolloutPauseArgs),
    /// Let a paused `rollout run` go on
    Continue(RolloutContinueArgs),
}

#[derive(Debug, Args)]
pub struct RolloutPauseArgs {}

#[derive(Debug, Args)]
pub struct RolloutContinueArgs {}

#[derive(Debug, Args)]
pub struct RolloutAbortArgs {
    /// Take this rollback after ending the run [default: none, the flag stays where it is]
    #[arg(long, value_enum, value_name = "PATH")]
    pub rollback: Option<crate::policy::rollout_run::OnFailure>,
}

const RUN_EXIT_CODES: &str = "\
Exit codes:
  0  done: every step up to --until passed (or nothing was left to do)
  2  rolled back: the analysis failed and the rollback (--on-failure) ran
  4  a write (a step's, the rollback's) failed or was not confirmed
  5  held or stopped: figures UNKNOWN, gate not green before the first step,
     declined, no --yes, interrupted (--resume), rollback stopped, flag unread";

/// `--schedule`, the one definition `rollout enable`, `advance` and `run` share.
#[derive(Debug, Args)]
pub struct Schedule {
    /// Rollout steps in percent, strictly increasing
    #[arg(
        id = "schedule",
        long = "schedule",
        value_name = "a,b,…",
        value_delimiter = ',',
        default_value = "10,25,50,100",
        value_parser = parse_percent
    )]
    pub steps: Vec<u8>,
}

impl Schedule {
    /// The steps, once they are non-empty and strictly increasing (else a usage error).
    pub fn checked(&self) -> Result<&[u8], crate::exit::CliError> {
        crate::policy::rollout::check_schedule(&self.steps)
            .map_err(crate::exit::CliError::usage)?;
        Ok(&self.steps)
    }
}

/// `rollout run`'s `--schedule`: as [`Schedule`], but whether it was given is known (a resume
/// keeps the recorded one, and refuses another).
#[derive(Debug, Args)]
pub struct RunSchedule {
    /// Rollout steps in percent, strictly increasing [default: 10,25,50,100]
    #[arg(
        id = "schedule",
        long = "schedule",
        value_name = "a,b,…",
        value_delimiter = ',',
        value_parser = parse_percent
    )]
    pub steps: Option<Vec<u8>>,
}

impl RunSchedule {
    pub const DEFAULT: [u8; 4] = [10, 25, 50, 100];

    /// The steps (the default when not given), once non-empty and strictly increasing.
    pub fn checked(&self) -> Result<Vec<u8>, crate::exit::CliError> {
        let steps = self.steps.clone().unwrap_or_else(|| Self::DEFAULT.to_vec());
        crate::policy::rollout::check_schedule(&steps).map_err(crate::exit::CliError::usage)?;
        Ok(steps)
    }
}

#[derive(Debug, Args)]
pub struct RolloutRunArgs {
    #[command(flatten)]
    pub schedule: RunSchedule,

    /// Stop after this step (a percentage of the schedule) has passed
    #[arg(long, value_name = "PCT", value_parser = parse_step)]
    pub until: Option<u8>,

    /// How long each step bakes while analysed [default: [rollout] min_bake = 7d]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub bake: Option<Duration>,

    /// The rollback taken when analysis fails: planned (step down with soaks) or emergency
    /// (flag off, cache cleared, worker reverted) [default: [rollout] on_failure = planned]
    #[arg(long, value_enum, value_name = "PATH", hide_possible_values = true)]
    pub on_failure: Option<crate::policy::rollout_run::OnFailure>,

    /// Continue the recorded run where it stopped, as recorded (schedule, --until, rollback
    /// path, bake, analysis); another --bake is asked about, other changes are refused
    #[arg(long)]
    pub resume: bool,
}

/// Raising exposure: the gate and how to go past it.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the
    /// bake time)
    #[arg(long)]
    pub force: bool,

    /// Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default:
    /// [rollout] min_bake = 7d]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub min_bake: Option<Duration>,
}

#[derive(Debug, Args)]
pub struct RolloutEnableArgs {
    /// Percentage of users once enabled, 0–100 [default: the schedule's first step]
    #[arg(value_name = "PCT", value_parser = parse_percent)]
    pub percentage: Option<u8>,

    #[command(flatten)]
    pub schedule: Schedule,

    /// Enable even though the gate is held or UNKNOWN
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RolloutAdvanceArgs {
    #[command(flatten)]
    pub schedule: Schedule,

    /// Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]
    #[arg(long, value_name = "PERCENT")]
    pub max_error_rate: Option<f64>,

    #[command(flatten)]
    pub gate: GateArgs,
}

#[derive(Debug, Args)]
pub struct RolloutSetArgs {
    /// Percentage of users, 0–100
    #[arg(value_name = "PCT", value_parser = parse_percent)]
    pub percentage: u8,

    /// Also set userGroups, comma-separated (e.g. beta-testers,premium-users)
    #[arg(long, value_name = "a,b", value_delimiter = ',', value_parser = group_name)]
    pub groups: Option<Vec<String>>,

    #[command(flatten)]
    pub gate: GateArgs,
}

/// A user group: trimmed, and not empty (`--groups ''` or `a,,b` is a mistake, not "none").
fn group_name(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("a group name is empty (give names like beta-testers,premium-users)".into());
    }
    Ok(t.to_string())
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Assess the error rate, then the decision matrix: above 10 % emergency rollback, above
    /// 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)
    ErrorRate(ErrorRateArgs),
    /// Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery
    /// (replaces incident-storage-quota.sh)
    StorageQuota(StorageQuotaArgs),
}

#[derive(Debug, Args)]
pub struct ErrorRateArgs {
    #[command(flatten)]
    pub cron: CronArgs,
}

#[derive(Debug, Args)]
pub struct StorageQuotaArgs {
    /// How long to watch storage recover [default: incident.recovery_wait = 60s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub recovery_wait: Option<Duration>,

    /// How many of the largest entries to list [default: incident.large_entries_limit = 10]
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,

    #[command(flatten)]
    pub cron: CronArgs,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented config: the URL and environment from --url and --env, else asked on a
    /// terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml
    Init(ConfigInitArgs),
    /// Load the config as every command would and show each environment's URL, token source
    /// and timeout (never a token); errors name the file and line (exit 78)
    Check(ConfigCheckArgs),
    /// The config's environment names, one per line (the shell completions of --env use it)
    Environments,
}

#[derive(Debug, Args)]
pub struct ConfigCheckArgs {
    /// Also try each environment for real: the app answers, the token is accepted (a read),
    /// Prometheus answers every query, each webhook's host resolves (nothing is written or sent)
    #[arg(long)]
    pub online: bool,
}

#[derive(Debug, Args)]
pub struct ConfigInitArgs {
    /// Overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only the writes of the last DURATION (e.g. 7d, 12h) [default: every one]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub since: Option<Duration>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum ThresholdsCommand {
    /// Every threshold in force and where its value came from (default, file, env, flag)
    Show,
    /// Prometheus alerting rules (YAML) generated from the same thresholds
    Alerts,
    /// Grafana dashboard (JSON) with the guide's panels and every KPI, its bounds as thresholds
    Dashboard,
}

#[derive(Debug, Subcommand)]
pub enum RollbackCommand {
    /// Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill
    /// switch), verify the served worker changed (replaces emergency-rollback.sh)
    Emergency(EmergencyArgs),
    /// Step the rollout down (never up) with a watched soak between steps, then the redeploy
    /// and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)
    Planned(PlannedArgs),
}

#[derive(Clone, Debug, Default, Args)]
pub struct EmergencyArgs {
    /// Publish a kill-switch worker (run [steps.publish_worker] with SWCACHE_WORKER_FILE)
    /// instead of reverting: it takes over every client, deletes the app's caches and
    /// leaves clients network-only; verified by its SHA-256
    #[arg(long)]
    pub kill_switch: bool,

    /// How long to poll until the kill switch is served [default: [deploy]
    /// verify_deadline = 2m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "kill_switch")]
    pub verify_deadline: Option<Duration>,

    /// After the rollback, wait until this share of active clients is off the version
    /// served before it (clients_by_version of the app or Prometheus)
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub wait_clients: Option<u8>,

    /// How long --wait-clients waits before it ends WARNING with the share reached
    #[arg(long, value_name = "DURATION", value_parser = parse_duration,
          default_value = "30m", requires = "wait_clients")]
    pub clients_deadline: Duration,
}

#[derive(Debug, Args)]
pub struct PlannedArgs {
    /// Percentages to step down through; only those below the current one are used
    /// [default: rollback.steps = 50,25,10,0]
    #[arg(long, value_name = "a,b,…", value_delimiter = ',',
          value_parser = parse_percent)]
    pub steps: Option<Vec<u8>>,

    /// Soak between steps, watching the error rate [default: rollback.step_wait = 5m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub step_wait: Option<Duration>,

    /// How often the error rate is read during a soak [default: rollback.poll_interval = 15s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub poll_interval: Option<Duration>,

    /// Continue the recorded run from its last completed step (its plan, steps and soaks are
    /// the recorded ones: a --steps that differs is refused, a --step-wait that differs is
    /// shown and asked about)
    #[arg(long)]
    pub resume: bool,

    /// End a stopped planned rollback on purpose (the flag stays where it is): `--resume` then
    /// refuses and a new rollback may start
    #[arg(long, conflicts_with_all = ["steps", "step_wait", "poll_interval", "resume"])]
    pub abandon: bool,
}

#[derive(Debug, Subcommand)]
pub enum MaintainCommand {
    /// Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)
    Daily(CronArgs),
    /// Weekly report, usage analytics, TTL/cleanup recommendations (replaces
    /// weekly-cache-analysis.sh and optimize-cache-strategies.py)
    Weekly(WeeklyArgs),
}

/// What cron runs need.
#[derive(Clone, Debug, Args)]
pub struct CronArgs {
    /// Also write the run's figures and outcome as a node_exporter textfile (DIR/*.prom)
    #[arg(long, value_name = "DIR")]
    pub textfile: Option<PathBuf>,

    /// Also push the run's figures and outcome to this Prometheus Pushgateway
    #[arg(long, value_name = "URL")]
    pub pushgateway: Option<String>,
}

#[derive(Debug, Args)]
pub struct WeeklyArgs {
    /// Apply the recommendations (after a confirmation, or --yes); without it they are only shown
    #[arg(long)]
    pub apply: bool,

    #[command(flatten)]
    pub cron: CronArgs,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Starting state
    #[arg(long, default_value = "healthy", value_name = "NAME", value_parser = scenario_parser())]
    pub scenario: String,

    /// Scenario file (TOML or JSON): {"base": NAME, "state": {merge patch}, "faults": [...]}
    #[arg(long, value_name = "PATH")]
    pub scenario_file: Option<PathBuf>,

    /// Latency added to every app request, e.g. 50ms
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "0s")]
    pub latency: Duration,

    /// Inject a fault: PATH[:key=value,...], e.g. /api/error-metrics:status=503,retry_after=2
    // Parsed by the sandbox when it starts (the command line does not depend on it).
    #[arg(long, value_name = "SPEC")]
    pub fault: Vec<String>,
}

/// The sandbox's scenarios, listed here so the command line does not depend on the sandbox
/// crate (and a build without it still documents them); a test checks they are its names.
pub(crate) const SANDBOX_SCENARIOS: &[&str] = &[
    "healthy",
    "storage-pressure",
    "storage-critical",
    "error-spike",
    "error-critical",
    "sync-backlog",
    "storage-stuck",
    "degraded-hit-rates",
    "cohort-healthy",
    "cohort-regression",
    "worker-redirect",
    "precache-missing",
    "precache-html-fallback",
    "worker-no-skip-waiting",
];

/// Scenario names as possible values: shown in --help and offered by the completions.
fn scenario_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(SANDBOX_SCENARIOS)
}

/// A probe's deadline: from 1s (a browser needs that to start) to 10m (a bound, like every
/// wait of swcache).
fn parse_probe_deadline(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_secs(1) || d > Duration::from_secs(600) {
        return Err("the probe deadline must be between 1s and 10m".into());
    }
    Ok(d)
}

/// A watch interval: a duration of at least a second (a live view is not a load test).
fn parse_watch_interval(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_secs(1) {
        return Err("the watch interval must be at least 1s".into());
    }
    Ok(d)
}

/// A whole percentage, 0–100, with or without `%` (`25`, `25%`, `25 %`). A fraction is
/// refused in words: the flag takes whole percentages.
pub(crate) fn parse_percent(s: &str) -> Result<u8, String> {
    let t = s.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    if t.contains(['.', ',']) {
        return Err(format!(
            "{s:?}: a whole percentage from 0 to 100 (the flag takes no fractions)"
        ));
    }
    match t.parse::<u8>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(format!(
            "{s:?}: a whole percentage from 0 to 100, like 25 or 25%"
        )),
    }
}

/// A rollout step: a whole percentage from 1 to 100.
fn parse_step(s: &str) -> Result<u8, String> {
    match parse_percent(s)? {
        0 => Err(format!("{s:?}: a step from 1 to 100")),
        p => Ok(p),
    }
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 10s, 500ms, 2m)"))?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_take_a_percent_sign_and_refuse_fractions_in_words() {
        for (arg, want) in [
            ("25", 25),
            ("25%", 25),
            ("25 %", 25),
            (" 0 ", 0),
            ("100%", 100),
        ] {
            assert_eq!(parse_percent(arg), Ok(want), "{arg}");
        }
        assert!(parse_percent("12.5").unwrap_err().contains("no fractions"));
        assert!(parse_percent("12,5%").unwrap_err().contains("no fractions"));
        for bad in ["101", "150%", "-1", "", "%", "fifty"] {
            assert!(parse_percent(bad).is_err(), "{bad}");
        }
        assert!(parse_step("0").is_err());
        let cli = Cli::try_parse_from(["swcache", "rollout", "set", "50%"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Rollout(RolloutCommand::Set(RolloutSetArgs { percentage: 50, .. }))
        ));
    }

    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses() {
        let table: Vec<(&[&str], bool)> = vec![
            (&["swcache", "validate"], true),
            (
                &["swcache", "--json", "validate", "--max-error-rate", "3"],
                true,
            ),
            (
                &["swcache", "rollout", "set", "25", "--groups", "a,b", "-y"],
                true,
            ),
            (&["swcache", "rollout", "set", "0"], true),
            (&["swcache", "rollback", "emergency", "--yes"], true),
            (
                &[
                    "swcache",
                    "rollback",
                    "planned",
                    "--steps",
                    "25,10,0",
                    "--step-wait",
                    "3s",
                ],
                true,
            ),
            (
                &["swcache", "rollback", "planned", "--steps", "25,150"],
                false,
            ),
            (&["swcache", "rollback", "planned", "--resume"], true),
            // Given again with --resume: compared with the record when it runs (the same plan
            // goes on, another is refused; see `policy::rollback::resume_flags`).
            (
                &["swcache", "rollback", "planned", "--resume", "--steps", "0"],
                true,
            ),
            (
                &["swcache", "rollback", "planned", "--step-wait", "soon"],
                false,
            ),
            (&["swcache", "rollout", "set", "100"], true),
            (&["swcache", "rollout", "set", "101"], false),
            (&["swcache", "rollout", "set", "150"], false),
            (&["swcache", "rollout", "set", "-1"], false),
            (&["swcache", "rollout", "set", "ten"], false),
            (&["swcache", "--timeout", "soon", "validate"], false),
            (
                &["swcache", "--json", "--output", "table", "validate"],
                false,
            ),
            (&["swcache", "-q", "-v", "validate"], false),
            (
                &["swcache", "validate", "--timeout", "500ms", "--sandbox"],
                true,
            ),
            (&["swcache", "deploy", "staging"], true),
            (&["swcache", "deploy", "production", "--skip-build"], true),
            (&["swcache", "deploy", "production", "--verify-only"], true),
            (
                &[
                    "swcache",
                    "deploy",
                    "production",
                    "--verify-only",
                    "--skip-build",
                ],
                false,
            ),
            (&["swcache", "deploy", "qa"], false),
            (&["swcache", "deploy"], false),
            (&["swcache", "rollout", "advance"], true),
            (&["swcache", "rollout", "advance", "--min-bake", "0s"], true),
            (
                &["swcache", "rollout", "advance", "--min-bake", "soon"],
                false,
            ),
            (&["swcache", "rollout", "set", "50", "--force"], true),
            (&["swcache", "rollout", "enable"], true),
            (&["swcache", "rollout", "enable", "25", "--force"], true),
            (&["swcache", "rollout", "enable", "101"], false),
            (&["swcache", "rollout", "disable"], true),
            (
                &["swcache", "rollout", "advance", "--schedule", "5,20,100"],
                true,
            ),
            (
                &["swcache", "rollout", "advance", "--schedule", "5,200"],
                false,
            ),
            (&["swcache", "rollout", "set", "25", "--groups", ""], false),
            (
                &["swcache", "rollout", "set", "25", "--groups", "a,,b"],
                false,
            ),
            (&["swcache", "rollout", "set", "25", "--groups", " "], false),
        ];
        for (args, ok) in table {
            assert_eq!(Cli::try_parse_from(args).is_ok(), ok, "{args:?}");
        }
        let cli =
            Cli::try_parse_from(["swcache", "rollout", "set", "25", "--groups", "a, b "]).unwrap();
        match cli.command {
            Command::Rollout(RolloutCommand::Set(a)) => {
                assert_eq!(a.percentage, 25);
                assert_eq!(a.groups.unwrap(), vec!["a", "b"]);
            }
            other => panic!("{other:?}"),
        }
        let cli = Cli::try_parse_from(["swcache", "rollout", "advance"]).unwrap();
        match cli.command {
            Command::Rollout(RolloutCommand::Advance(a)) => {
                assert_eq!(a.schedule.steps, vec![10, 25, 50, 100]);
            }
            other => panic!("{other:?}"),
        }
    }
}
