//! Shell completion scripts: clap_complete's static scripts, plus environment names for
//! `--env`. Those live in the user's config, so the scripts ask the installed binary
//! (`swcache config environments`) at completion time; scenario names, output formats,
//! deploy targets and shells are possible values of their flags, so the static scripts list
//! them. Only bash, zsh and fish learn the environment names; PowerShell and Elvish complete
//! `--env` with nothing.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The completion script for `shell`, as checked in under completions/.
pub(crate) fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "swcache", &mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => bash(&text),
        Shell::Zsh => zsh(&text),
        Shell::Fish => fish(&text),
        _ => text,
    }
}

/// `--env)` completes files by default; ask the binary being completed for the names instead.
fn bash(text: &str) -> String {
    let mut out = Vec::new();
    let mut after_env = false;
    for line in text.lines() {
        if after_env && line.trim() == r#"COMPREPLY=($(compgen -f "${cur}"))"# {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push(format!(
                r#"{indent}COMPREPLY=($(compgen -W "$("${{COMP_WORDS[0]}}" config environments 2>/dev/null)" -- "${{cur}}"))"#
            ));
        } else {
            out.push(line.to_string());
        }
        after_env = line.trim() == "--env)";
    }
    out.join("\n") + "\n"
}

fn zsh(text: &str) -> String {
    let action = r#":NAME:{compadd -- ${(f)"$(${words[1]} config environments 2>/dev/null)"}}'"#;
    text.lines()
        .map(|l| {
            if l.starts_with("'--env=[") && l.contains(":NAME:_default'") {
                l.replace(":NAME:_default'", action)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn fish(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains(" -l env -d ") && l.ends_with(" -r") {
                format!("{l} -f -a \"(swcache config environments 2>/dev/null)\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

impl crate::driver::Tool for crate::cli::CompletionsArgs {
    type Input = ();
    fn name(&self) -> &'static str {
        "completions"
    }
    async fn run(&self, ctx: &crate::driver::Local<()>) -> anyhow::Result<crate::driver::Ran> {
        ctx.printer.stdout(&script(self.shell))?;
        Ok(crate::driver::Ran::Printed(crate::exit::ExitStatus::Ok))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_completes_from_the_config_in_every_posix_shell() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let s = script(shell);
            // Every occurrence of --env (one per subcommand) was patched.
            let patched = s.matches("config environments").count();
            assert!(patched >= 10, "{shell}: {patched}");
        }
        assert!(
            script(Shell::Bash).contains("storage-pressure"),
            "scenario names"
        );
        assert!(script(Shell::Fish).contains("json"), "output formats");
    }
}
