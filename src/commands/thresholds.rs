//! `swcache thresholds show|alerts|dashboard`: the one set of thresholds, and the alerting
//! rules and Grafana dashboard made from it. None talks to the app.

use std::path::PathBuf;

use serde::Serialize;

use crate::exit::ExitStatus;
use crate::output::render::number;
use crate::output::{Format, Payload, Printer, Report, Section};
use crate::policy::alerts::{rules, rules_yaml};
use crate::policy::thresholds::Entry;
use crate::settings::Settings;

pub(crate) fn show(settings: &Settings) -> Report {
    let entries = settings.thresholds.entries();
    let mut report = Report::new(
        "thresholds show",
        settings.env_label(),
        settings
            .base_url
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
    );
    report.attach(&ThresholdsReport {
        thresholds: entries,
        config_file: settings.config_path.clone(),
    });
    report
}

/// Every threshold in force and where it came from (JSON `thresholds`, `config_file`).
#[derive(Serialize)]
pub(crate) struct ThresholdsReport {
    pub thresholds: Vec<Entry>,
    pub config_file: Option<PathBuf>,
}

impl Payload for ThresholdsReport {
    fn tables(&self) -> Vec<Section> {
        vec![Section {
            title: match &self.config_file {
                Some(p) => format!("Thresholds in force (config file {})", p.display()),
                None => "Thresholds in force (no config file)".into(),
            },
            header: vec![
                "Key".into(),
                "Value".into(),
                "Unit".into(),
                "Source".into(),
                "Meaning".into(),
            ],
            rows: self
                .thresholds
                .iter()
                .map(|e| {
                    vec![
                        e.key.clone(),
                        number(e.value),
                        e.unit.to_string(),
                        format!("{:?}", e.source).to_lowercase(),
                        e.help.clone(),
                    ]
                })
                .collect(),
        }]
    }
}

/// Prints the rules: YAML for Prometheus, or `{"rules": [...]}` with `--json`.
pub(crate) fn alerts(settings: &Settings, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let rules = rules(&settings.thresholds, &settings.metrics, &settings.alerts);
    let text = match printer.format() {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({ "rules": rules }))?
        ),
        Format::Jsonl => format!("{}\n", serde_json::json!({ "rules": rules })),
        Format::Table => rules_yaml(&rules),
    };
    printer.stdout(&text)?;
    Ok(ExitStatus::Ok)
}

/// Prints the Grafana dashboard (JSON whatever the output format: it is Grafana's model).
pub(crate) fn dashboard(settings: &Settings, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let d = crate::policy::dashboard::dashboard(&settings.thresholds, &settings.metrics);
    printer.stdout(&format!("{}\n", serde_json::to_string_pretty(&d)?))?;
    Ok(ExitStatus::Ok)
}

mod tools {
    use super::*;
    use crate::driver::{Local, Ran, Tool};

    /// `thresholds show`.
    pub(crate) struct Show;

    impl Tool for Show {
        type Input = Settings;
        fn name(&self) -> &'static str {
            "thresholds show"
        }
        async fn run(&self, ctx: &Local<Settings>) -> anyhow::Result<Ran> {
            Ok(Ran::Report(Box::new(show(&ctx.input))))
        }
    }

    /// `thresholds alerts`.
    pub(crate) struct Alerts;

    impl Tool for Alerts {
        type Input = Settings;
        fn name(&self) -> &'static str {
            "thresholds alerts"
        }
        async fn run(&self, ctx: &Local<Settings>) -> anyhow::Result<Ran> {
            alerts(&ctx.input, &ctx.printer).map(Ran::Printed)
        }
    }

    /// `thresholds dashboard`.
    pub(crate) struct Dashboard;

    impl Tool for Dashboard {
        type Input = Settings;
        fn name(&self) -> &'static str {
            "thresholds dashboard"
        }
        async fn run(&self, ctx: &Local<Settings>) -> anyhow::Result<Ran> {
            dashboard(&ctx.input, &ctx.printer).map(Ran::Printed)
        }
    }
}
pub(crate) use tools::{Alerts, Dashboard, Show};
