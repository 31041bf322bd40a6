//! The rollout gate: whether exposure may be raised now. Open only when every figure is within
//! its target — every KPI with a threshold, cache and sync, the error rate and the flag itself;
//! a WARNING holds it as well as a CRITICAL or an UNKNOWN — and the current step has baked for
//! the minimum time. Pure: the times are given.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::policy::check::Check;
use crate::vocab::Severity;

/// Where "the flag last changed" came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum BakeSource {
    /// The flag's `updatedAt`, as the app reports it.
    App,
    /// The last confirmed flag write in swcache's audit log for this environment.
    AuditLog,
    /// `rollout run` set the step and baked it to a pass itself.
    Run,
}

/// How long the current step has baked, against the minimum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Bake {
    /// Seconds at the current step; `None` when it cannot be known.
    pub elapsed_s: Option<u64>,
    pub min_s: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<BakeSource>,
    /// Baked long enough (or nothing to bake). `false` when short or UNKNOWN.
    pub ok: bool,
    pub detail: String,
}

/// When the flag last changed and how that is known, or why it is not.
pub(crate) type LastChange = Result<(SystemTime, BakeSource), String>;

/// The time the flag last changed: the later of the app's `updatedAt` and the audit log's last
/// flag change for this URL (an app whose `updatedAt` never moves must not make a change
/// swcache made a second ago look old). An unreadable `updatedAt` is UNKNOWN, not skipped: the
/// app said something swcache cannot trust.
pub(crate) fn last_change(updated_at: Option<&str>, audit: Option<SystemTime>) -> LastChange {
    let app = updated_at
        .map(|t| {
            humantime::parse_rfc3339_weak(t)
                .map_err(|e| format!("the flag's updatedAt `{t}` is not an RFC 3339 time ({e})"))
        })
        .transpose()?;
    match (app, audit) {
        (Some(a), Some(l)) if l > a => Ok((l, BakeSource::AuditLog)),
        (Some(a), _) => Ok((a, BakeSource::App)),
        (None, Some(l)) => Ok((l, BakeSource::AuditLog)),
        (None, None) => Err(
            "the app reports no updatedAt for the flag and the audit log has no flag change for \
             this environment"
                .into(),
        ),
    }
}

/// The bake of a step `rollout run` set and baked to a pass itself (`took`, when this process
/// watched it): done, whatever the flag's `updatedAt` says.
pub(crate) fn baked_by_run(took: Option<Duration>, bake: Duration) -> Bake {
    Bake {
        elapsed_s: took.map(|t| t.as_secs()),
        min_s: bake.as_secs(),
        source: Some(BakeSource::Run),
        ok: true,
        detail: format!(
            "baked {} by this run, its analysis passed",
            crate::numbers::duration(bake)
        ),
    }
}

/// Judges the bake. Nothing is exposed (`exposure` 0) or no minimum: nothing to bake.
pub(crate) fn judge_bake(since: LastChange, now: SystemTime, min: Duration, exposure: f64) -> Bake {
    let min_s = min.as_secs();
    let min_text = crate::numbers::duration(min);
    if min.is_zero() || exposure <= 0.0 {
        return Bake {
            elapsed_s: None,
            min_s,
            source: None,
            ok: true,
            detail: if min.is_zero() {
                "no minimum bake time".into()
            } else {
                "nobody is on the feature yet: nothing to bake".into()
            },
        };
    }
    match since {
        Err(why) => Bake {
            elapsed_s: None,
            min_s,
            source: None,
            ok: false,
            detail: format!("bake UNKNOWN: {why} (minimum {min_text})"),
        },
        Ok((at, source)) => {
            // A change "in the future" (clock skew) has baked for no time at all.
            let elapsed = now.duration_since(at).unwrap_or_default();
            let shown = crate::numbers::duration(Duration::from_secs(elapsed.as_secs() / 60 * 60));
            let from = match source {
                BakeSource::App => "the flag's updatedAt",
                BakeSource::AuditLog => "the audit log",
                BakeSource::Run => "this run",
            };
            let ok = elapsed >= min;
            Bake {
                elapsed_s: Some(elapsed.as_secs()),
                min_s,
                source: Some(source),
                ok,
                detail: format!(
                    "at this step for {} (minimum {min_text}, from {from}){}",
                    if elapsed < Duration::from_secs(60) {
                        "under a minute".to_string()
                    } else {
                        shown
                    },
                    if ok {
                        String::new()
                    } else {
                        // When the gate opens, as a person plans around it.
                        format!(
                            ": not baked yet; opens {}",
                            crate::numbers::moment(at + min, now)
                        )
                    }
                ),
            }
        }
    }
}

/// The gate's verdict: each reason it holds, one line each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Gate {
    pub open: bool,
    pub failing: Vec<String>,
}

/// Each reason the gate holds: a figure not OK, a bake not done.
pub(crate) fn gate(checks: &[Check], bake: Option<&Bake>) -> Gate {
    let mut failing: Vec<String> = checks
        .iter()
        .filter(|c| c.status != Severity::Ok)
        .map(|c| format!("{} {}", c.name, c.status.label()))
        .collect();
    if let Some(b) = bake.filter(|b| !b.ok) {
        failing.push(b.detail.clone());
    }
    Gate {
        open: failing.is_empty(),
        failing,
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    const H: u64 = 3600;

    fn at(secs_ago: u64, now: SystemTime) -> SystemTime {
        now - Duration::from_secs(secs_ago)
    }

    #[test]
    fn where_the_last_change_comes_from() {
        let now = SystemTime::now();
        let audit = Some(at(5 * H, now));
        // The later of the two: the app's, an hour ago, over the audit log's, five.
        let app = humantime::format_rfc3339_seconds(at(H, now)).to_string();
        assert_eq!(last_change(Some(&app), audit).unwrap().1, BakeSource::App);
        assert_eq!(last_change(None, audit).unwrap().1, BakeSource::AuditLog);
        // An updatedAt that never moves: swcache's own write a second ago is the last change.
        let recent = at(1, now);
        let (when, source) = last_change(Some("2020-01-01T00:00:00Z"), Some(recent)).unwrap();
        assert_eq!((when, source), (recent, BakeSource::AuditLog));
        let b = judge_bake(
            last_change(Some("2020-01-01T00:00:00Z"), Some(recent)),
            now,
            Duration::from_secs(7 * 24 * H),
            25.0,
        );
        assert!(!b.ok, "{b:?}");
        assert!(last_change(None, None).is_err());
        assert!(
            last_change(Some("yesterday"), audit)
                .unwrap_err()
                .contains("yesterday"),
            "an unreadable updatedAt is UNKNOWN, not replaced by the audit log"
        );
    }

    #[test]
    fn bake_decisions() {
        let now = SystemTime::now();
        let week = Duration::from_secs(7 * 24 * H);
        let cases: Vec<(LastChange, Duration, f64, bool)> = vec![
            (Ok((at(8 * 24 * H, now), BakeSource::App)), week, 25.0, true),
            (
                Ok((at(6 * 24 * H, now), BakeSource::App)),
                week,
                25.0,
                false,
            ),
            (
                Ok((at(7 * 24 * H, now), BakeSource::AuditLog)),
                week,
                25.0,
                true,
            ),
            (Err("no record".into()), week, 25.0, false),
            (Err("no record".into()), Duration::ZERO, 25.0, true),
            (Err("no record".into()), week, 0.0, true),
            (
                Ok((now + Duration::from_secs(H), BakeSource::App)),
                week,
                25.0,
                false,
            ),
        ];
        for (i, (since, min, exposure, ok)) in cases.into_iter().enumerate() {
            let b = judge_bake(since, now, min, exposure);
            assert_eq!(b.ok, ok, "case {i}: {b:?}");
        }
        let b = judge_bake(Err("no record".into()), now, week, 10.0);
        assert!(b.detail.starts_with("bake UNKNOWN"), "{}", b.detail);
        // A held bake says when the gate opens, as a time and how far off.
        let b = judge_bake(Ok((at(6 * 24 * H, now), BakeSource::App)), now, week, 25.0);
        assert!(
            b.detail.contains("not baked yet; opens ") && b.detail.ends_with("1 day from now"),
            "{}",
            b.detail
        );
    }

    #[test]
    fn gate_holds_on_critical_unknown_or_bake() {
        let ok = Check::note("a", Severity::Ok, "");
        let warn = Check::note("b", Severity::Warning, "");
        let unknown = Check::note("c", Severity::Unknown, "down");
        let crit = Check::note("d", Severity::Critical, "");
        let baked = judge_bake(Err(String::new()), SystemTime::now(), Duration::ZERO, 1.0);
        let short = judge_bake(
            Err("x".into()),
            SystemTime::now(),
            Duration::from_secs(1),
            1.0,
        );
        assert!(gate(std::slice::from_ref(&ok), Some(&baked)).open);
        assert!(
            !gate(&[ok.clone(), warn], Some(&baked)).open,
            "a figure past its target holds the gate (a sync backlog of 750 items)"
        );
        assert!(!gate(&[ok.clone(), unknown], Some(&baked)).open);
        assert!(!gate(&[ok.clone(), crit], None).open);
        let g = gate(&[ok], Some(&short));
        assert!(!g.open);
        assert_eq!(g.failing.len(), 1);
    }
}
