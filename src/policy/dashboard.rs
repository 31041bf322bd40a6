//! A Grafana dashboard made from the thresholds in force and the `[metrics]` names: the guide's
//! three panels (hit rates, storage, sync queue), then one panel per KPI with its target and
//! critical bounds as the panel's thresholds, so the dashboard, the alerts and the runbooks
//! agree.

use serde_json::{Value, json};

use crate::policy::series::MetricNames;
use crate::policy::thresholds::{Band, Better, KPIS, Kpi, Thresholds};

/// Grafana's name for a KPI unit.
fn grafana_unit(unit: &str) -> &'static str {
    match unit {
        "%" | "%/h" => "percent",
        "ms" => "ms",
        "s" => "s",
        _ => "short",
    }
}

/// Colour steps: green where the KPI is on target, yellow past the target, red past critical.
fn steps(band: Band, better: Better) -> Value {
    match better {
        Better::Lower => json!([
            {"color": "green", "value": null},
            {"color": "yellow", "value": band.target},
            {"color": "red", "value": band.critical},
        ]),
        Better::Higher => json!([
            {"color": "red", "value": null},
            {"color": "yellow", "value": band.critical},
            {"color": "green", "value": band.target},
        ]),
    }
}

struct Panel<'a> {
    title: String,
    kind: &'a str,
    description: String,
    expr: String,
    legend: &'a str,
    unit: &'a str,
    steps: Option<Value>,
}

fn panel(id: usize, p: Panel, x: usize, y: usize, w: usize) -> Value {
    let mut defaults = json!({"unit": p.unit});
    if let Some(steps) = p.steps {
        defaults["thresholds"] = json!({"mode": "absolute", "steps": steps});
        if p.kind == "timeseries" {
            defaults["custom"] = json!({"thresholdsStyle": {"mode": "line+area"}});
        }
    }
    json!({
        "id": id,
        "title": p.title,
        "description": p.description,
        "type": p.kind,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"h": 8, "w": w, "x": x, "y": y},
        "targets": [{
            "refId": "A",
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "expr": p.expr,
            "legendFormat": p.legend,
        }],
        "fieldConfig": {"defaults": defaults, "overrides": []},
    })
}

/// The dashboard (Grafana's JSON model, to import or provision).
pub(crate) fn dashboard(t: &Thresholds, m: &MetricNames) -> Value {
    let storage = Kpi::StorageUtilization.def();
    let backlog = Kpi::SyncBacklog.def();
    let mut panels = vec![
        Panel {
            title: "Cache Hit Rates".into(),
            kind: "stat",
            description: "Hit rate of every cache (the guide's panel).".into(),
            expr: format!("{} * 100", m.hit_ratio),
            legend: "{{cache_name}}",
            unit: "percent",
            steps: None,
        },
        Panel {
            title: "Storage Utilization".into(),
            kind: "gauge",
            description: "Used over total storage (the guide's panel); thresholds from kpi.storage_utilization_percent.".into(),
            expr: format!("{} / {} * 100", m.storage_used_bytes, m.storage_total_bytes),
            legend: "",
            unit: "percent",
            steps: Some(steps(t.band(Kpi::StorageUtilization), storage.better)),
        },
        Panel {
            title: "Background Sync Queue".into(),
            kind: "timeseries",
            description: "Items waiting in the background sync queue (the guide's panel); thresholds from kpi.sync_backlog_items.".into(),
            expr: m.sync_queue_size.clone(),
            legend: "queue",
            unit: "short",
            steps: Some(steps(t.band(Kpi::SyncBacklog), backlog.better)),
        },
    ];
    for def in &KPIS {
        let band = t.band(def.kpi);
        let (good, bad) = match def.better {
            Better::Higher => ("≥", "<"),
            Better::Lower => ("≤", ">"),
        };
        panels.push(Panel {
            title: format!("{} ({})", def.label, def.unit),
            kind: "timeseries",
            description: format!(
                "Target {good} {} {u}, critical {bad} {} {u} (kpi.{}).",
                band.target,
                band.critical,
                def.key,
                u = def.unit
            ),
            expr: m.kpi_query(def.kpi),
            legend: match def.kpi {
                Kpi::FeedCacheHitRate
                | Kpi::CommunityCacheHitRate
                | Kpi::MarketplaceCacheHitRate => "{{cache_name}}",
                _ => def.label,
            },
            unit: grafana_unit(def.unit),
            steps: Some(steps(band, def.better)),
        });
    }
    let panels: Vec<Value> = panels
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            // The guide's three side by side, then the KPIs three to a row.
            let (col, row) = (i % 3, i / 3);
            panel(i + 1, p, col * 8, row * 8, 8)
        })
        .collect();
    json!({
        "title": "Service Worker Cache Enhancement",
        "uid": "swcache-cache-enhancement",
        "description": "Generated by `swcache thresholds dashboard` from the thresholds in force; edit the thresholds (swcache.toml), not this dashboard.",
        "tags": ["swcache", "service-worker"],
        "schemaVersion": 39,
        "editable": true,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "1m",
        "templating": {"list": [{
            "name": "datasource",
            "label": "Prometheus",
            "type": "datasource",
            "query": "prometheus",
        }]},
        "panels": panels,
    })
}

/// Every PromQL expression of a dashboard (its tests check each one).
#[cfg(test)]
fn queries(dashboard: &Value) -> Vec<String> {
    dashboard["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["targets"].as_array().into_iter().flatten())
        .filter_map(|t| t["expr"].as_str().map(String::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::thresholds::Source;

    #[test]
    fn panels_carry_the_thresholds_in_force() {
        let mut t = Thresholds::default();
        t.set_band(
            Kpi::StorageUtilization,
            Band {
                target: 70.0,
                critical: 90.0,
            },
            Source::File,
        );
        let d = dashboard(&t, &MetricNames::default());
        let panels = d["panels"].as_array().unwrap();
        assert_eq!(panels.len(), 3 + KPIS.len());
        let storage = panels
            .iter()
            .find(|p| p["title"] == "storage utilization (%)")
            .unwrap();
        let s = &storage["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(s[1]["value"], 70.0);
        assert_eq!(s[2]["value"], 90.0);
        let feed = panels
            .iter()
            .find(|p| p["title"] == "feed-cache hit rate (%)")
            .unwrap();
        let s = &feed["fieldConfig"]["defaults"]["thresholds"]["steps"];
        assert_eq!(
            (s[0]["color"].as_str(), s[1]["value"].as_f64()),
            (Some("red"), Some(70.0))
        );
        assert_eq!(s[2]["value"], 85.0);
        assert_eq!(
            feed["targets"][0]["expr"],
            "cache_hit_ratio{cache_name=\"feed-cache\"} * 100"
        );
        assert_eq!(queries(&d).len(), panels.len());
    }
}
