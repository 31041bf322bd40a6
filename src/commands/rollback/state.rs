//! The planned rollback's state: `<state dir>/rollback/planned-<env>.json` (the name made
//! file-safe) or its row in the shared database (see `crate::state`), written before and after
//! every stage (whole replace, so a crash never leaves half a record). It holds the plan and
//! progress, never the token.

use crate::exit::CliError;
use crate::policy::rollback::{PlannedState, STATE_VERSION, Stage};
use crate::state::{Doc, Kind, Store};

/// The environment's planned rollback record.
pub(crate) fn doc(store: &Store, env: &str) -> Doc {
    store.doc(Kind::PlannedRollback, env)
}

/// The recorded run, if any. A file that cannot be read, parsed or trusted is an error (exit
/// 78 naming it), not "no run": guessing could repeat a database rollback, and an edited plan
/// could raise exposure on `--resume`.
pub(crate) fn load(doc: &Doc) -> Result<Option<PlannedState>, CliError> {
    doc.load("rollback state file", STATE_VERSION, valid)
}

pub(crate) fn save(doc: &Doc, state: &PlannedState) -> std::io::Result<()> {
    doc.save(state)
}

/// What a planned rollback's record must hold to be resumed: a start in 0–100, a plan whose
/// percentages are in 0–100 and only go down from it, progress within the plan.
fn valid(st: &PlannedState) -> Result<(), String> {
    if !(0.0..=100.0).contains(&st.start_percentage) {
        return Err(format!(
            "its start_percentage {} is not in 0-100",
            st.start_percentage
        ));
    }
    let mut last = st.start_percentage;
    for (i, stage) in st.plan.iter().enumerate() {
        match *stage {
            Stage::Percentage { percentage } => {
                let p = f64::from(percentage);
                if p > 100.0 || p >= last {
                    return Err(format!(
                        "stage {i} sets {percentage} % after {} %: a planned rollback only \
                         lowers (0-100)",
                        crate::numbers::number(last)
                    ));
                }
                last = p;
            }
            Stage::Soak { at, .. } if at > 100 => {
                return Err(format!("stage {i} soaks at {at} %, not in 0-100"));
            }
            _ => {}
        }
    }
    if st.completed > st.plan.len() {
        return Err(format!(
            "it says {} stages are done of a plan of {}",
            st.completed,
            st.plan.len()
        ));
    }
    match &st.in_flight {
        Some(f) if f.index >= st.plan.len() => Err(format!(
            "its stage in flight, {}, is not in the plan of {}",
            f.index,
            st.plan.len()
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::ExitStatus;
    use crate::policy::rollback::{DEFAULT_ROLLBACK_STEPS, RunStatus, plan};

    fn state() -> PlannedState {
        PlannedState {
            version: STATE_VERSION,
            environment: "prod".into(),
            base_url: "http://x/".into(),
            started: "t".into(),
            updated: "t".into(),
            start_percentage: 50.0,
            enabled: None,
            plan: plan(
                50.0,
                &DEFAULT_ROLLBACK_STEPS,
                std::time::Duration::from_secs(1),
            ),
            completed: 1,
            status: RunStatus::Stopped,
            stopped: None,
            history: Vec::new(),
            in_flight: None,
        }
    }

    #[test]
    fn a_plan_made_by_plan_is_valid() {
        for start in [0.0, 5.0, 10.0, 50.0, 73.5, 100.0] {
            let mut s = state();
            s.start_percentage = start;
            s.plan = plan(
                start,
                &[100, 50, 25, 10, 0],
                std::time::Duration::from_secs(1),
            );
            s.completed = 0;
            assert_eq!(valid(&s), Ok(()), "{start}");
        }
    }

    /// Each edit that would let `--resume` raise exposure, or point past the plan, is refused.
    #[test]
    fn an_edited_state_is_refused_saying_why() {
        type Edit = fn(&mut PlannedState);
        let cases: Vec<(Edit, &str)> = vec![
            (
                |s| s.plan[2] = Stage::Percentage { percentage: 90 },
                "stage 2 sets 90 % after 25 %: a planned rollback only lowers (0-100)",
            ),
            (
                |s| s.plan[0] = Stage::Percentage { percentage: 60 },
                "stage 0 sets 60 % after 50 %",
            ),
            (
                |s| s.plan[0] = Stage::Percentage { percentage: 200 },
                "stage 0 sets 200 % after 50 %",
            ),
            (
                |s| s.start_percentage = 150.0,
                "start_percentage 150 is not in 0-100",
            ),
            (|s| s.start_percentage = f64::NAN, "is not in 0-100"),
            (
                |s| {
                    s.plan[1] = Stage::Soak {
                        at: 101,
                        wait_ms: 1,
                    }
                },
                "stage 1 soaks at 101 %",
            ),
            (|s| s.completed = 99, "99 stages are done of a plan of"),
            (
                |s| {
                    s.in_flight = Some(crate::policy::rollback::InFlight {
                        index: 42,
                        started: "t".into(),
                    })
                },
                "its stage in flight, 42, is not in the plan",
            ),
        ];
        for (edit, says) in cases {
            let mut s = state();
            edit(&mut s);
            let why = valid(&s).unwrap_err();
            assert!(why.contains(says), "{why} / {says}");
        }
    }

    #[test]
    fn a_file_that_is_not_this_layout_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = super::doc(&Store::Dir(dir.path().to_path_buf()), "prod");
        let p = d.file().unwrap();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let mut doc = serde_json::to_value(state()).unwrap();
        doc["version"] = 2.into();
        std::fs::write(&p, doc.to_string()).unwrap();
        let err = load(&d).unwrap_err();
        assert_eq!(err.status, ExitStatus::Config);
        assert_eq!(
            err.message,
            format!(
                "the rollback state file {} has layout version 2, and this swcache reads only \
                 version 1; look at it, then remove it to start afresh",
                p.display()
            )
        );
        doc.as_object_mut().unwrap().remove("version");
        std::fs::write(&p, doc.to_string()).unwrap();
        assert!(
            load(&d)
                .unwrap_err()
                .message
                .contains("has no layout version")
        );
    }

    #[test]
    fn save_load_and_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = doc(&Store::Dir(dir.path().to_path_buf()), "prod/eu");
        let p = d.file().unwrap();
        assert!(p.ends_with("rollback/planned-prod%2Feu.json"));
        assert_eq!(load(&d).unwrap(), None);
        let s = PlannedState {
            version: STATE_VERSION,
            environment: "prod/eu".into(),
            base_url: "http://x/".into(),
            started: "t".into(),
            updated: "t".into(),
            start_percentage: 50.0,
            enabled: None,
            plan: plan(
                50.0,
                &DEFAULT_ROLLBACK_STEPS,
                std::time::Duration::from_secs(1),
            ),
            completed: 2,
            status: RunStatus::Stopped,
            stopped: Some("SIGINT".into()),
            history: Vec::new(),
            in_flight: None,
        };
        save(&d, &s).unwrap();
        save(&d, &s).unwrap();
        assert_eq!(load(&d).unwrap(), Some(s));
        std::fs::write(&p, "{not json").unwrap();
        assert_eq!(
            load(&d).unwrap_err().status,
            crate::exit::ExitStatus::Config
        );
    }
}
