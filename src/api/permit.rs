//! Leave to send a write to the app. [`Client::post_json`](super::Client::post_json), the one
//! way a write goes out, wants one, and only `act` makes one: every write passes through it
//! (dry run, confirmation, read-back, audit). The type lives here so that `api` depends on
//! nothing above it; the test below is what keeps every other module from making one.

pub(crate) struct WritePermit(());

impl WritePermit {
    /// For `act` alone (see the test).
    pub(crate) fn for_act() -> WritePermit {
        WritePermit(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// A write made anywhere but `act` would skip its dry run, confirmation, read-back and
    /// audit: no other file may make a permit or send a write.
    #[test]
    fn only_act_makes_a_permit_or_sends_a_write() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let allowed = [src.join("act.rs"), src.join("api")];
        let mut offenders = Vec::new();
        for f in &files {
            if allowed.iter().any(|a| f.starts_with(a)) {
                continue;
            }
            let text = std::fs::read_to_string(f).unwrap();
            for word in ["WritePermit", "post_json("] {
                if text.contains(word) {
                    offenders.push(format!("{} names {word}", f.display()));
                }
            }
        }
        assert!(files.len() > 50, "the source tree was not found");
        assert!(offenders.is_empty(), "{offenders:#?}");
        let act = std::fs::read_to_string(src.join("act.rs")).unwrap();
        assert!(act.contains("WritePermit::for_act()"));
    }
}
