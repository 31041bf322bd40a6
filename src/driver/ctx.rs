//! What every command runs with: made once by the driver, after the settings, the sandbox and
//! the lock.

use crate::act::Actor;
use crate::api::Client;
use crate::audit::AuditLog;
use crate::exit::CliError;
use crate::output::{Printer, Report};
use crate::policy::exposure::Exposure;
use crate::settings::Settings;
use crate::signals::Cancel;

/// What every command runs with.
pub(crate) struct Ctx {
    pub settings: Settings,
    /// Where locks, run and rollback state, staging records and the audit live.
    pub store: crate::state::Store,
    pub client: Client,
    pub printer: Printer,
    pub audit: AuditLog,
    /// Signals: stop at a safe point (see `signals`).
    pub cancel: Cancel,
    /// What the command may do to the flag's exposure (its `Runbook::exposure`): `act` holds
    /// every flag write to it.
    pub exposure: Exposure,
    /// The `[notify]` messages, sent as they happen by the runs that last.
    pub live: crate::notify::Live,
}

impl Ctx {
    pub(crate) fn report(&self, command: &str) -> Report {
        Report::new(
            command,
            self.settings.env_label(),
            self.client.base_url().to_string(),
        )
    }

    pub(crate) fn actor(&self) -> Actor<'_> {
        Actor {
            client: &self.client,
            printer: &self.printer,
            audit: &self.audit,
            dry_run: self.settings.dry_run,
            yes: self.settings.yes,
            flag: &self.settings.rollout.flag,
            confirm_name: self
                .settings
                .production
                .then(|| self.settings.env_name.as_deref().unwrap_or("production")),
            cancel: &self.cancel,
            exposure: self.exposure,
            expected: None,
        }
    }

    /// A recorded run or rollback may be continued or ended only against the app it drove
    /// (another `--url` or environment for the same state directory is refused, exit 5).
    pub(crate) fn same_app_as(&self, what: &str, recorded: &str) -> Result<(), CliError> {
        let here = self.client.base_url().to_string();
        if recorded == here {
            return Ok(());
        }
        Err(CliError::stopped(format!(
            "the recorded {what} drove {recorded}, not {here}; nothing was sent"
        )))
    }

    /// Refuses before anything is sent when the command needs the admin token and none is set.
    pub(crate) fn require_token(&self, command: &str) -> Result<(), CliError> {
        if self.client.has_token() {
            return Ok(());
        }
        Err(CliError::config(format!(
            "`{command}` uses /api/admin/*, which needs the admin token: set SWCACHE_TOKEN \
             (or ADMIN_TOKEN), pass --token-file PATH, or set token_file in the config; nothing was sent"
        )))
    }
}
