//! JSON helpers shared by state patches and fault rewrites: RFC 7386 merge patch,
//! dotted-path edits, and number tidying (so `85.0` is served as `85`, like the contract shows).

use serde_json::{Map, Value};

/// RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(target) = target {
        for (key, value) in patch {
            if value.is_null() {
                target.remove(key);
            } else {
                merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// Removes the value at a dotted path (`storage.percentage`, `failed_items.0`).
/// Returns whether something was removed.
pub fn drop_path(root: &mut Value, path: &str) -> bool {
    let (parent_path, last) = match path.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, path),
    };
    let parent = match parent_path {
        Some(p) => match walk_mut(root, p, false) {
            Some(v) => v,
            None => return false,
        },
        None => root,
    };
    match parent {
        Value::Object(map) => map.remove(last).is_some(),
        Value::Array(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Sets the value at a dotted path, creating intermediate objects as needed
/// (a fault may want to add a field the handler never sends).
pub fn set_path(root: &mut Value, path: &str, value: Value) -> bool {
    match walk_mut(root, path, true) {
        Some(slot) => {
            *slot = value;
            true
        }
        None => false,
    }
}

fn walk_mut<'a>(root: &'a mut Value, path: &str, create: bool) -> Option<&'a mut Value> {
    let mut cur = root;
    for seg in path.split('.') {
        cur = match cur {
            Value::Object(map) => {
                if create {
                    map.entry(seg.to_string()).or_insert(Value::Null)
                } else {
                    map.get_mut(seg)?
                }
            }
            Value::Array(items) => items.get_mut(seg.parse::<usize>().ok()?)?,
            Value::Null if create => {
                *cur = Value::Object(Map::new());
                match cur {
                    Value::Object(map) => map.entry(seg.to_string()).or_insert(Value::Null),
                    _ => return None,
                }
            }
            _ => return None,
        };
    }
    Some(cur)
}

/// Serves whole floats as integers (`10.0` → `10`), matching the contract's examples.
pub fn tidy_numbers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy_numbers),
        Value::Object(map) => map.values_mut().for_each(tidy_numbers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc7386() {
        // Cases from RFC 7386 appendix A.
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (
                json!({"a":"b","b":"c"}),
                json!({"a":null}),
                json!({"b":"c"}),
            ),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a":"b"}), json!(["c"]), json!(["c"])),
            (json!({"a":"foo"}), json!(null), json!(null)),
            (json!({"a":"foo"}), json!("bar"), json!("bar")),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (mut target, patch, want) in cases {
            merge_patch(&mut target, &patch);
            assert_eq!(target, want, "patch {patch}");
        }
    }

    #[test]
    fn dotted_paths() {
        let mut v = json!({"storage":{"percentage":62.5,"used_bytes":1},"items":[1,2,3]});
        assert!(drop_path(&mut v, "storage.percentage"));
        assert!(!drop_path(&mut v, "storage.percentage"));
        assert!(!drop_path(&mut v, "nope.deeper"));
        assert!(drop_path(&mut v, "items.1"));
        assert_eq!(v, json!({"storage":{"used_bytes":1},"items":[1,3]}));
        assert!(set_path(&mut v, "storage.percentage", json!(180)));
        assert!(set_path(&mut v, "new.nested.field", json!("abc")));
        assert!(set_path(&mut v, "items.0", Value::Null));
        assert!(!set_path(&mut v, "items.9", json!(1)));
        assert_eq!(v["storage"]["percentage"], json!(180));
        assert_eq!(v["new"]["nested"]["field"], json!("abc"));
        assert_eq!(v["items"], json!([null, 3]));
    }

    #[test]
    fn whole_floats_become_integers() {
        let mut v = json!({"a": 85.0, "b": [0.5, 2.0], "c": 7});
        tidy_numbers(&mut v);
        assert_eq!(v.to_string(), r#"{"a":85,"b":[0.5,2],"c":7}"#);
    }
}
