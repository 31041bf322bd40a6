//! The gate's comparison of the exposed cohort against the control group, on the sandbox's
//! cohort scenarios: a regression the aggregate hides holds `rollout advance`; alike cohorts
//! let it advance; a missing cohort holds; an advisory KPI never holds.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Fx, Run, check, flag_percentages};

const COMPARE: &str = r#"
[kpi.error_rate]
compare = "control"
max_relative_change = "+20%"
min_samples = 1000

[kpi.feed_cache_hit_rate]
compare = "control"
max_relative_change = "-5%"
"#;

fn config(fx: &Fx, text: &str) -> PathBuf {
    let path = fx.home.path().join("cohort.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn advance(fx: &Fx, cfg: &PathBuf) -> Run {
    let mut cmd = fx.cmd();
    cmd.arg("--config")
        .arg(cfg)
        .args(["--json", "--yes", "rollout", "advance"]);
    fx.run(&mut cmd)
}

fn compared<'a>(doc: &'a Value, kpi: &str) -> &'a Value {
    doc["comparison"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["kpi"] == kpi))
        .unwrap_or_else(|| panic!("no comparison of {kpi}: {doc}"))
}

#[test]
fn a_cohort_regression_holds_advance_while_every_absolute_threshold_is_met() {
    let fx = Fx::scenario("cohort-regression");
    let cfg = config(&fx, COMPARE);
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    // Every figure of the old gate is within its target: only the comparison holds.
    for c in doc["checks"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        if name != "error rate vs control" {
            assert_eq!(c["status"], "ok", "{c}");
        }
    }
    assert_eq!(check(&doc, "error rate")["value"], 2.64);
    assert_eq!(check(&doc, "error rate vs control")["status"], "critical");
    let e = compared(&doc, "error rate");
    assert_eq!(e["verdict"], "fail");
    assert_eq!(
        (e["enhanced"].as_f64(), e["control"].as_f64()),
        (Some(4.8), Some(2.4))
    );
    assert_eq!(e["samples"], json!([10000, 90000]));
    let (lo, hi) = (
        e["interval"][0].as_f64().unwrap(),
        e["interval"][1].as_f64().unwrap(),
    );
    assert!(lo > 0.2 && hi > lo, "the whole interval is past +20 %: {e}");
    assert_eq!(compared(&doc, "feed-cache hit rate")["verdict"], "pass");
    assert_eq!(doc["gate"]["open"], false);
    assert!(
        doc["stopped"]
            .as_str()
            .unwrap()
            .contains("error rate vs control"),
        "{}",
        doc["stopped"]
    );
    assert!(fx.writes().is_empty(), "nothing written");
    assert_eq!(fx.flag()["percentage"], 10);
}

#[test]
fn the_report_shows_each_comparison_on_one_line_at_80_columns() {
    let fx = Fx::scenario("cohort-regression");
    let cfg = config(&fx, COMPARE);
    let mut cmd = fx.cmd();
    cmd.env("COLUMNS", "80")
        .arg("--config")
        .arg(&cfg)
        .args(["rollout", "status"]);
    let run = fx.run(&mut cmd);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let row = |start: &str| {
        lines
            .iter()
            .find(|l| {
                // The comparison's table has one column (no ┆): the checks table's rows do.
                !l.contains('┆') && l.trim_start_matches('│').trim_start().starts_with(start)
            })
            .unwrap_or_else(|| panic!("no `{start}` line:\n{}", run.stdout))
            // A figure's number and unit are joined by a no-break space in a cell.
            .replace('\u{a0}', " ")
    };
    let e = row("error rate   ");
    assert!(e.contains("4.8 %") && e.contains("2.4 %"), "{e}");
    assert!(
        e.contains("+100% [") && e.contains("10k/90k") && e.contains("FAIL"),
        "{e}"
    );
    assert!(row("feed hits").contains("pass"));
    for l in [e, row("feed hits"), row("KPI")] {
        assert!(l.chars().count() <= 80, "wider than 80 columns: {l}");
    }
}

#[test]
fn alike_cohorts_advance() {
    let fx = Fx::scenario("cohort-healthy");
    let cfg = config(&fx, COMPARE);
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(compared(&doc, "error rate")["verdict"], "pass");
    assert_eq!(doc["gate"]["open"], true);
    assert_eq!(fx.flag()["percentage"], 25);
}

/// An app that reports no cohorts: the comparison is inconclusive, which holds like UNKNOWN.
#[test]
fn a_missing_cohort_is_inconclusive_and_holds() {
    let fx = Fx::new();
    let cfg = config(&fx, COMPARE);
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let e = compared(&doc, "error rate");
    assert_eq!(e["verdict"], "inconclusive");
    assert!(
        e["detail"].as_str().unwrap().contains("reports no cohorts"),
        "{e}"
    );
    assert_eq!(check(&doc, "error rate vs control")["status"], "unknown");
    assert!(fx.writes().is_empty());
}

/// Fewer requests than min_samples: inconclusive, held; at exactly min_samples it is judged.
#[test]
fn min_samples_is_the_boundary() {
    let fx = Fx::scenario("cohort-healthy");
    let cfg = config(
        &fx,
        &COMPARE.replace("min_samples = 1000", "min_samples = 10001"),
    );
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        compared(&run.json(), "error rate")["verdict"],
        "inconclusive"
    );
    let cfg = config(
        &fx,
        &COMPARE.replace("min_samples = 1000", "min_samples = 10000"),
    );
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(compared(&run.json(), "error rate")["verdict"], "pass");
}

/// Advisory KPIs are measured and shown, and never hold: a failing comparison and hit rates
/// past their targets let the rollout advance.
#[test]
fn advisory_kpis_fail_without_holding() {
    let fx = Fx::scenario("cohort-regression");
    let cfg = config(
        &fx,
        &format!(
            "{}\nadvisory = true\n",
            COMPARE.replace("[kpi.feed", "advisory = true\n\n[kpi.feed")
        ),
    );
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let e = compared(&doc, "error rate");
    assert_eq!(
        (e["verdict"].as_str(), e["advisory"].as_bool()),
        (Some("fail"), Some(true))
    );
    let c = check(&doc, "error rate vs control (advisory)");
    assert_eq!(c["status"], "ok");
    assert!(
        c["detail"].as_str().unwrap().contains("would be CRITICAL"),
        "{c}"
    );
    assert_eq!(fx.flag()["percentage"], 25);

    let fx = Fx::scenario("degraded-hit-rates");
    let cfg = config(
        &fx,
        "[kpi.feed_cache_hit_rate]\nadvisory = true\n[kpi.community_cache_hit_rate]\nadvisory = true\n",
    );
    let run = advance(&fx, &cfg);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let feed = check(&doc, "feed-cache hit rate (advisory)");
    assert_eq!(feed["value"], 60.0, "measured and exported: {feed}");
    assert!(
        feed["detail"]
            .as_str()
            .unwrap()
            .contains("would be CRITICAL")
    );
    assert_eq!(fx.flag()["percentage"], 25);
}

#[test]
fn comparison_keys_are_checked() {
    let fx = Fx::new();
    for (text, says) in [
        (
            "[kpi.error_rate]\ncompare = \"baseline\"\n",
            "is not `control`",
        ),
        (
            "[kpi.error_rate]\nmax_relative_change = \"+20%\"\n",
            "no compare",
        ),
        (
            "[kpi.error_rate]\ncompare = \"control\"\nmax_relative_change = \"20%\"\n",
            "needs a sign",
        ),
        (
            "[kpi.error_rate]\ncompare = \"control\"\nconfidence = 95\n",
            "between 0.5 and 1",
        ),
        ("[kpi.error_rate]\ntarget = 5\n", "max_error_rate"),
        (
            "[kpi.cache_response_time_ms]\ncompare = \"control\"\n",
            "set [metrics] source = \"prometheus\"",
        ),
        ("[gate]\ncohorts = [\"enhanced\"]\n", "two different names"),
        (
            "[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://127.0.0.1:9\"\n\
             [kpi.cache_response_time_ms]\ncompare = \"control\"\n",
            "to name the cohort",
        ),
        (
            "[metrics]\nsource = \"prometheus\"\n[metrics.prometheus]\nurl = \"http://127.0.0.1:9\"\n\
             [metrics.prometheus.queries]\ncache_response_time_ms = 'p{c=\"$cohort\"}'\n\
             [kpi.cache_response_time_ms]\ncompare = \"control\"\n",
            "needs [analysis]",
        ),
    ] {
        let cfg = config(&fx, text);
        let run = advance(&fx, &cfg);
        assert_eq!(run.code, 78, "{text}: {}\n{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(says) || run.stdout.contains(says),
            "{text}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("cohort.toml:"),
            "names the file and line: {}",
            run.stderr
        );
    }
}

/// `incident error-rate` says whose errors they are when the app reports cohorts: the exposed
/// cohort's at twice control's, everyone's when alike; without cohorts it says nothing of it.
#[test]
fn incident_error_rate_says_whose_errors() {
    let incident = |fx: &Fx, json: bool| {
        let mut args = vec!["--yes", "incident", "error-rate"];
        if json {
            args.insert(0, "--json");
        }
        fx.swcache(&args)
    };
    let fx = Fx::scenario("cohort-regression");
    let doc = incident(&fx, true).json();
    let w = &doc["whose_errors"];
    assert_eq!(w["whose"], "enhanced", "{doc:#}");
    assert_eq!(
        (w["enhanced"].as_f64(), w["control"].as_f64()),
        (Some(4.8), Some(2.4))
    );
    let table = incident(&fx, false);
    assert!(
        table
            .stdout
            .contains("errors are the enhanced cohort's: 4.8 % against control 2.4 %"),
        "{}",
        table.stdout
    );

    let fx = Fx::scenario("cohort-healthy");
    let doc = incident(&fx, true).json();
    assert_eq!(doc["whose_errors"]["whose"], "everyone", "{doc:#}");
    assert!(
        doc["whose_errors"]["line"]
            .as_str()
            .unwrap()
            .contains("the flag will not fix")
    );

    let fx = Fx::new();
    let doc = incident(&fx, true).json();
    assert!(doc.get("whose_errors").is_none(), "{doc:#}");
}

/// Cohort counts from a real Prometheus scraping the sandbox's per-cohort counters: the
/// regression the aggregate hides holds `advance`; alike cohorts let it write 25 %; a KPI
/// without `cohort_counts` is inconclusive and holds.
#[test]
fn cohort_counts_from_prometheus_hold_a_regression_and_pass_alike_cohorts() {
    use crate::prometheus::{Prometheus, config as prom_config, host_port, run_with};
    const COUNTS: &str = r#"
[metrics.prometheus.cohort_counts.error_rate]
events = 'app_cohort_errors_total{cohort="$cohort"}'
total = 'app_cohort_requests_total{cohort="$cohort"}'

[metrics.prometheus.cohort_counts.feed_cache_hit_rate]
events = 'cache_cohort_hits_total{cache_name="feed-cache",cohort="$cohort"}'
total = 'sum(cache_cohort_hits_total{cache_name="feed-cache",cohort="$cohort"}) + sum(cache_cohort_misses_total{cache_name="feed-cache",cohort="$cohort"})'
"#;
    let extra = format!("{COUNTS}\n{COMPARE}");
    for (scenario, code, verdict) in [
        ("cohort-regression", 5, "fail"),
        ("cohort-healthy", 0, "pass"),
    ] {
        let fx = Fx::scenario(scenario);
        fx.set_flag_percentage(10);
        let prom = Prometheus::start(host_port(&fx.url));
        prom.wait_for("app_cohort_requests_total{cohort=\"control\"}", |v| {
            v == 90000.0
        });
        prom.wait_for("app_error_ratio", |v| v >= 0.0);
        let cfg = prom_config(&fx, &prom, &extra);
        let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
        assert_eq!(run.code, code, "{scenario}: {}\n{}", run.stdout, run.stderr);
        let doc = run.json();
        let e = compared(&doc, "error rate");
        assert_eq!(e["verdict"], verdict, "{scenario}: {e}");
        assert_eq!(e["samples"], json!([10000, 90000]), "{e}");
        assert_eq!(compared(&doc, "feed-cache hit rate")["verdict"], "pass");
        let want: Vec<Value> = if code == 0 { vec![json!(25)] } else { vec![] };
        assert_eq!(crate::support::flag_percentages(&fx), want, "{scenario}");
        if scenario == "cohort-regression" {
            assert_eq!(
                (e["enhanced"].as_f64(), e["control"].as_f64()),
                (Some(4.8), Some(2.4))
            );
            // Without the counts of a compared KPI: inconclusive, held.
            let cfg = prom_config(&fx, &prom, COMPARE);
            let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
            assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
            let e = compared(&run.json(), "feed-cache hit rate").clone();
            assert_eq!(e["verdict"], "inconclusive");
            assert!(
                e["detail"]
                    .as_str()
                    .unwrap()
                    .contains("[metrics.prometheus.cohort_counts.feed_cache_hit_rate]"),
                "{e}"
            );
            assert!(fx.writes().is_empty());
        }
    }
}

/// A KPI query with `$cohort` from a real Prometheus: read once per cohort, its figure the
/// worse cohort's. The regression the aggregate hides (4.8 % in the enhanced cohort, 2.64 %
/// overall) is past a 4 % limit: `advance` holds on the absolute threshold alone, the report
/// showing each cohort's figure. At 0 % an empty enhanced cohort is not an error (control
/// stands alone, and the rollout starts); once the flag exposes users, the same empty cohort
/// is UNKNOWN and holds.
#[test]
fn a_cohort_query_is_judged_on_the_worse_cohort() {
    use crate::prometheus::{Prometheus, config as prom_config, host_port, run_with};
    const PER_COHORT: &str = r#"
[thresholds]
max_error_rate = 4

[metrics.prometheus.queries]
error_rate_percent = 'sum(app_cohort_errors_total{cohort="$cohort"}) / sum(app_cohort_requests_total{cohort="$cohort"}) * 100'
"#;
    let fx = Fx::scenario("cohort-regression");
    fx.set_flag_percentage(10);
    let prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("app_cohort_requests_total{cohort=\"control\"}", |v| {
        v == 90000.0
    });
    let cfg = prom_config(&fx, &prom, PER_COHORT);
    let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    let e = check(&doc, "error rate");
    assert_eq!(e["status"], "critical", "{e}");
    assert!((e["value"].as_f64().unwrap() - 4.8).abs() < 1e-9, "{e}");
    let cohorts = &e["cohorts"];
    assert!(
        (cohorts["enhanced"].as_f64().unwrap() - 4.8).abs() < 1e-9,
        "{e}"
    );
    assert!(
        (cohorts["control"].as_f64().unwrap() - 2.4).abs() < 1e-9,
        "{e}"
    );
    assert!(
        e["query"].as_str().unwrap().contains("$cohort"),
        "the query as configured: {e}"
    );
    assert_eq!(doc["gate"]["open"], false);
    assert!(flag_percentages(&fx).is_empty(), "nothing written");
    // People see both cohorts' figures.
    let table = run_with(&fx, &cfg, &["rollout", "status"]);
    assert!(
        table
            .plain()
            .contains("enhanced 4.8 %, control 2.4 % (the worse is judged)"),
        "{}",
        table.stdout
    );

    // No enhanced cohort yet, at 0 %: control's figure stands alone; the rollout starts.
    fx.patch_state(json!({"cohorts": {"enhanced": null}, "error_rate": 2.4}));
    fx.set_flag_percentage(0);
    prom.wait_for("count(app_cohort_requests_total)", |v| v == 1.0);
    let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let e = check(&run.json(), "error rate").clone();
    assert_eq!(e["status"], "ok", "{e}");
    assert!((e["value"].as_f64().unwrap() - 2.4).abs() < 1e-9, "{e}");
    assert_eq!(e["cohorts"]["enhanced"], Value::Null, "{e}");
    assert_eq!(flag_percentages(&fx), vec![json!(10)]);

    // At 10 % the enhanced cohort has users: reporting nothing is UNKNOWN, and holds.
    let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let e = check(&run.json(), "error rate").clone();
    assert_eq!(e["status"], "unknown", "{e}");
    assert!(
        e["detail"]
            .as_str()
            .unwrap()
            .contains("cohort `enhanced` reports no figure"),
        "{e}"
    );
    assert_eq!(
        flag_percentages(&fx),
        vec![json!(10)],
        "nothing more written"
    );
}

fn rollout(fx: &Fx, cfg: &PathBuf, args: &[&str]) -> Run {
    let mut cmd = fx.cmd();
    cmd.arg("--config")
        .arg(cfg)
        .args(["--json", "--yes", "rollout"])
        .args(args);
    fx.run(&mut cmd)
}

/// The flag disabled where it stood (a rollback's kill switch), through the sandbox's state.
fn disable_flag(fx: &Fx) {
    fx.patch_state(json!({"flag": {"enabled": false}}));
    fx.clear_requests();
}

/// `rollout set` (raising) and `rollout enable` judge the comparison like `advance`: a failing
/// one holds and writes nothing; lowering exposure is never blocked by it.
#[test]
fn set_and_enable_hold_on_a_failing_comparison_and_lowering_never_does() {
    let fx = Fx::scenario("cohort-regression");
    let cfg = config(&fx, COMPARE);
    let run = rollout(&fx, &cfg, &["set", "25"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(compared(&doc, "error rate")["verdict"], "fail");
    assert_eq!(doc["gate"]["open"], false);
    assert!(
        doc["stopped"]
            .as_str()
            .unwrap()
            .contains("error rate vs control"),
        "{doc:#}"
    );
    assert!(fx.writes().is_empty(), "nothing written");
    assert_eq!(fx.flag()["percentage"], 10);

    // Lowering exposure is never held: the comparison fails, and 5 % is written.
    let run = rollout(&fx, &cfg, &["set", "5"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(flag_percentages(&fx), vec![json!(5)]);
    assert_eq!(fx.flag()["percentage"], 5);

    // Enabling a disabled flag raises exposure: held, the flag stays disabled.
    disable_flag(&fx);
    let run = rollout(&fx, &cfg, &["enable", "10"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        compared(&run.json(), "error rate")["verdict"],
        "fail",
        "{}",
        run.stdout
    );
    assert!(fx.writes().is_empty(), "nothing written");
    assert_eq!(fx.flag()["enabled"], false);
}

#[test]
fn set_and_enable_proceed_on_a_passing_comparison() {
    let fx = Fx::scenario("cohort-healthy");
    let cfg = config(&fx, COMPARE);
    let run = rollout(&fx, &cfg, &["set", "25"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(compared(&run.json(), "error rate")["verdict"], "pass");
    assert_eq!(flag_percentages(&fx), vec![json!(25)]);

    disable_flag(&fx);
    let run = rollout(&fx, &cfg, &["enable", "10"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(compared(&run.json(), "error rate")["verdict"], "pass");
    assert_eq!(
        (
            fx.flag()["enabled"].clone(),
            fx.flag()["percentage"].clone()
        ),
        (json!(true), json!(10))
    );
}

/// Fewer requests than min_samples: inconclusive, which holds a raise like UNKNOWN, and still
/// never a reduction.
#[test]
fn set_and_enable_hold_on_an_inconclusive_comparison() {
    let fx = Fx::scenario("cohort-healthy");
    let cfg = config(
        &fx,
        &COMPARE.replace("min_samples = 1000", "min_samples = 10001"),
    );
    let run = rollout(&fx, &cfg, &["set", "25"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(compared(&doc, "error rate")["verdict"], "inconclusive");
    assert_eq!(check(&doc, "error rate vs control")["status"], "unknown");
    assert!(fx.writes().is_empty());

    disable_flag(&fx);
    let run = rollout(&fx, &cfg, &["enable", "10"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(fx.writes().is_empty());
    assert_eq!(fx.flag()["enabled"], false);
}

/// The same from a real Prometheus: counts per cohort and a `$cohort` hit-rate query. The
/// regression holds `set` and `enable`; lowering goes through.
#[test]
fn set_and_enable_judge_prometheus_cohorts() {
    use crate::prometheus::{Prometheus, config as prom_config, host_port};
    const PROM: &str = r#"
[metrics.prometheus.cohort_counts.error_rate]
events = 'app_cohort_errors_total{cohort="$cohort"}'
total = 'app_cohort_requests_total{cohort="$cohort"}'

[metrics.prometheus.cohort_counts.feed_cache_hit_rate]
events = 'cache_cohort_hits_total{cache_name="feed-cache",cohort="$cohort"}'
total = 'sum(cache_cohort_hits_total{cache_name="feed-cache",cohort="$cohort"}) + sum(cache_cohort_misses_total{cache_name="feed-cache",cohort="$cohort"})'

[metrics.prometheus.queries]
feed_cache_hit_rate = 'sum(cache_cohort_hits_total{cache_name="feed-cache",cohort="$cohort"}) / (sum(cache_cohort_hits_total{cache_name="feed-cache",cohort="$cohort"}) + sum(cache_cohort_misses_total{cache_name="feed-cache",cohort="$cohort"})) * 100'
"#;
    let fx = Fx::scenario("cohort-regression");
    fx.set_flag_percentage(10);
    let prom = Prometheus::start(host_port(&fx.url));
    prom.wait_for("app_cohort_requests_total{cohort=\"control\"}", |v| {
        v == 90000.0
    });
    prom.wait_for("app_error_ratio", |v| v >= 0.0);
    let cfg = prom_config(&fx, &prom, &format!("{PROM}\n{COMPARE}"));
    let run = rollout(&fx, &cfg, &["set", "25"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    let doc = run.json();
    assert_eq!(compared(&doc, "error rate")["verdict"], "fail");
    // The hit rate's absolute figure is the worse cohort's: control's 91 % (enhanced 92 %).
    let feed = check(&doc, "feed-cache hit rate");
    assert!(
        (feed["value"].as_f64().unwrap() - 91.0).abs() < 1e-9,
        "{feed}"
    );
    assert!((feed["cohorts"]["enhanced"].as_f64().unwrap() - 92.0).abs() < 1e-9);
    assert!(fx.writes().is_empty());

    disable_flag(&fx);
    let run = rollout(&fx, &cfg, &["enable", "10"]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(fx.writes().is_empty());

    // Lowering from 10 % is never held, whatever the comparison says.
    fx.patch_state(json!({"flag": {"enabled": true, "percentage": 10}}));
    let run = rollout(&fx, &cfg, &["set", "5"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(flag_percentages(&fx), vec![json!(5)]);
}

/// A response time compared by rank: its `$cohort` query sampled over `[analysis]`'s window
/// (one range query per cohort, from a real Prometheus) and judged by Mann–Whitney U. The
/// enhanced cohort a third slower (45 ms against 35 ms) fails and holds, while its absolute
/// figure (45 ms, the worse cohort's) is within target; alike cohorts pass and the analysis
/// lets `advance` write; too few samples are inconclusive and hold.
#[test]
fn a_sampled_figure_is_compared_by_rank_over_the_window() {
    use crate::prometheus::{Prometheus, config as prom_config, host_port, run_with};
    const RANKED: &str = r#"
[analysis]
interval = "1s"
count = 5
failure_limit = 0
inconclusive_limit = 0

[metrics.prometheus.queries]
cache_response_time_ms = 'cache_cohort_response_p95_seconds{cohort="$cohort"} * 1000'

[kpi.cache_response_time_ms]
compare = "control"
max_relative_change = "+20%"
min_samples = 5
"#;
    for (enhanced_ms, code, verdict) in [(45.0, 5, "fail"), (35.0, 0, "pass")] {
        let fx = Fx::scenario("cohort-healthy");
        fx.patch_state(
            json!({"cohorts": {"enhanced": {"response_times_ms": {"cache_p95": enhanced_ms}}}}),
        );
        fx.set_flag_percentage(10);
        let prom = Prometheus::start(host_port(&fx.url));
        // The window holds six points per cohort once Prometheus has scraped for 6 s.
        prom.wait_for(
            "count_over_time(cache_cohort_response_p95_seconds{cohort=\"enhanced\"}[7s])",
            |v| v >= 7.0,
        );
        prom.wait_for("app_error_ratio", |v| v >= 0.0);
        let cfg = prom_config(&fx, &prom, RANKED);
        let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
        assert_eq!(
            run.code, code,
            "{enhanced_ms}: {}\n{}",
            run.stdout, run.stderr
        );
        let doc = run.json();
        let c = compared(&doc, "cache response time p95");
        assert_eq!(c["verdict"], verdict, "{c}");
        assert_eq!(
            c["interval"],
            Value::Null,
            "a rank test gives no interval: {c}"
        );
        let (n1, n2) = (
            c["samples"][0].as_u64().unwrap(),
            c["samples"][1].as_u64().unwrap(),
        );
        assert!(n1 >= 5 && n2 >= 5, "the window's points: {c}");
        assert_eq!(c["enhanced"].as_f64(), Some(enhanced_ms), "{c}");
        assert_eq!(c["control"].as_f64(), Some(35.0), "{c}");
        let abs = check(&doc, "cache response time p95");
        assert_eq!(abs["status"], "ok", "within target either way: {abs}");
        assert_eq!(abs["value"].as_f64(), Some(enhanced_ms.max(35.0)));
        if verdict == "fail" {
            assert!(c["p_value"].as_f64().unwrap() < 0.05, "{c}");
            assert!(fx.writes().is_empty(), "nothing written");
            // One line at 80 columns: the medians, the change and its p, the samples.
            let mut cmd = fx.cmd();
            cmd.env("COLUMNS", "80")
                .arg("--config")
                .arg(&cfg)
                .args(["rollout", "status"]);
            let table = fx.run(&mut cmd);
            let line = table
                .stdout
                .lines()
                .find(|l| {
                    l.trim_start_matches('│')
                        .trim_start()
                        .starts_with("cache p95")
                })
                .unwrap_or_else(|| panic!("no rank-test line:\n{}", table.stdout))
                .replace('\u{a0}', " ");
            assert!(
                line.contains("45 ms") && line.contains("35 ms") && line.contains("+29% (p "),
                "{line}"
            );
            assert!(
                line.contains("FAIL") && line.chars().count() <= 80,
                "{line}"
            );
            // More samples asked for than the window holds: inconclusive, held.
            let cfg = prom_config(
                &fx,
                &prom,
                &RANKED.replace("min_samples = 5", "min_samples = 50"),
            );
            let run = run_with(&fx, &cfg, &["--json", "--yes", "rollout", "advance"]);
            assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
            let c = compared(&run.json(), "cache response time p95").clone();
            assert_eq!(c["verdict"], "inconclusive", "{c}");
            assert!(fx.writes().is_empty());
        } else {
            assert_eq!(doc["analysis"]["outcome"], "passed", "{doc:#}");
            assert_eq!(flag_percentages(&fx), vec![json!(25)]);
        }
    }
}
