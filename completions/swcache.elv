
use builtin;
use str;

set edit:completion:arg-completer[swcache] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'swcache'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'swcache'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)'
            cand deploy 'The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy, verify what is served, post-deploy tests (replaces phases 1–2 of the guide)'
            cand rollout 'Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default enhanced-cache)'
            cand rollback 'Roll the enhanced cache back: now (emergency) or step by step, watched and resumable'
            cand maintain 'Daily and weekly cache maintenance, for cron'
            cand incident 'Incident response: high error rate, storage quota'
            cand thresholds 'The thresholds in force, and the alerting rules and Grafana dashboard made from them'
            cand config 'Write a commented config file, or check one and show its environments'
            cand audit 'Who changed what, when, from which host, with which command, and how the read-back went (the audit log in the state directory)'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand sandbox 'Serve the embedded sandbox app on loopback, with scenarios and fault injection'
            cand probe 'Open the app''s page in headless Chromium and report what a browser runs: the worker controlling the page, its precache, storage, the page offline, and whether an update reached this kept client'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;validate'= {
            cand --max-error-rate 'Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]'
            cand --watch 'Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn in place with each figure''s trend, elsewhere one JSON document per line; Ctrl-C ends it'
            cand --count 'With --watch: stop after N readings (the exit code is then the last reading''s)'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --precache 'Also fetch every entry of the worker''s Workbox precache manifest from the edge: 2xx, no HTML standing in for a script, MD5 equal to its revision (once: not with --watch, whose every reading would fetch them all again)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;deploy'= {
            cand --build-dir 'Where the artifact paths are relative to [default: [deploy] build_dir, else .]'
            cand --release 'Given to every step; the built and served worker must declare it [default: [deploy] release, else the built worker''s SW_VERSION]'
            cand --verify-deadline 'How long to poll the served state before failing [default: [deploy] verify_deadline = 2m]'
            cand --skip-staging-gate 'Production emergencies: deploy without staging''s verification and tests of the release; REASON goes to the audit log'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --skip-build 'Don''t build (artifacts built elsewhere); skips the Node.js and build tool checks'
            cand --verify-only 'Run no step: only check the artifacts and verify what is served'
            cand --allow-insecure 'Allow a plain-http production URL (loopback is always allowed)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'The flag''s state and the gate: every KPI with a threshold, the error rate, the bake time'
            cand set 'Set the rollout percentage (raising exposure shows the gate and asks first)'
            cand advance 'Move to the next step of the schedule, only when the gate is open'
            cand enable 'Turn the feature back on (after a rollback): at the schedule''s first step unless a percentage is given, only when the gate is open'
            cand disable 'Turn the feature off for everyone (the flag half of an emergency rollback)'
            cand run 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable'
            cand abort 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start'
            cand pause 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`'
            cand continue 'Let a paused `rollout run` go on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;rollout;status'= {
            cand --watch 'Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn in place with each figure''s trend, elsewhere one JSON document per line; Ctrl-C ends it'
            cand --count 'With --watch: stop after N readings (the exit code is then the last reading''s)'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;set'= {
            cand --groups 'Also set userGroups, comma-separated (e.g. beta-testers,premium-users)'
            cand --min-bake 'Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default: [rollout] min_bake = 7d]'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --force 'Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the bake time)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;advance'= {
            cand --schedule 'Rollout steps in percent, strictly increasing'
            cand --max-error-rate 'Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]'
            cand --min-bake 'Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default: [rollout] min_bake = 7d]'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --force 'Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the bake time)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;enable'= {
            cand --schedule 'Rollout steps in percent, strictly increasing'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --force 'Enable even though the gate is held or UNKNOWN'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;disable'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;run'= {
            cand --schedule 'Rollout steps in percent, strictly increasing [default: 10,25,50,100]'
            cand --until 'Stop after this step (a percentage of the schedule) has passed'
            cand --bake 'How long each step bakes while analysed [default: [rollout] min_bake = 7d]'
            cand --on-failure 'The rollback taken when analysis fails: planned (step down with soaks) or emergency (flag off, cache cleared, worker reverted) [default: [rollout] on_failure = planned]'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --resume 'Continue the recorded run where it stopped, as recorded (schedule, --until, rollback path, bake, analysis); another --bake is asked about, other changes are refused'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;abort'= {
            cand --rollback 'Take this rollback after ending the run [default: none, the flag stays where it is]'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;pause'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;continue'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollout;help'= {
            cand status 'The flag''s state and the gate: every KPI with a threshold, the error rate, the bake time'
            cand set 'Set the rollout percentage (raising exposure shows the gate and asks first)'
            cand advance 'Move to the next step of the schedule, only when the gate is open'
            cand enable 'Turn the feature back on (after a rollback): at the schedule''s first step unless a percentage is given, only when the gate is open'
            cand disable 'Turn the feature off for everyone (the flag half of an emergency rollback)'
            cand run 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable'
            cand abort 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start'
            cand pause 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`'
            cand continue 'Let a paused `rollout run` go on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;rollout;help;status'= {
        }
        &'swcache;rollout;help;set'= {
        }
        &'swcache;rollout;help;advance'= {
        }
        &'swcache;rollout;help;enable'= {
        }
        &'swcache;rollout;help;disable'= {
        }
        &'swcache;rollout;help;run'= {
        }
        &'swcache;rollout;help;abort'= {
        }
        &'swcache;rollout;help;pause'= {
        }
        &'swcache;rollout;help;continue'= {
        }
        &'swcache;rollout;help;help'= {
        }
        &'swcache;rollback'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand emergency 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)'
            cand planned 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;rollback;emergency'= {
            cand --verify-deadline 'How long to poll until the kill switch is served [default: [deploy] verify_deadline = 2m]'
            cand --wait-clients 'After the rollback, wait until this share of active clients is off the version served before it (clients_by_version of the app or Prometheus)'
            cand --clients-deadline 'How long --wait-clients waits before it ends WARNING with the share reached'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --kill-switch 'Publish a kill-switch worker (run [steps.publish_worker] with SWCACHE_WORKER_FILE) instead of reverting: it takes over every client, deletes the app''s caches and leaves clients network-only; verified by its SHA-256'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollback;planned'= {
            cand --steps 'Percentages to step down through; only those below the current one are used [default: rollback.steps = 50,25,10,0]'
            cand --step-wait 'Soak between steps, watching the error rate [default: rollback.step_wait = 5m]'
            cand --poll-interval 'How often the error rate is read during a soak [default: rollback.poll_interval = 15s]'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --resume 'Continue the recorded run from its last completed step (its plan, steps and soaks are the recorded ones: a --steps that differs is refused, a --step-wait that differs is shown and asked about)'
            cand --abandon 'End a stopped planned rollback on purpose (the flag stays where it is): `--resume` then refuses and a new rollback may start'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;rollback;help'= {
            cand emergency 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)'
            cand planned 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;rollback;help;emergency'= {
        }
        &'swcache;rollback;help;planned'= {
        }
        &'swcache;rollback;help;help'= {
        }
        &'swcache;maintain'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand daily 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)'
            cand weekly 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;maintain;daily'= {
            cand --textfile 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)'
            cand --pushgateway 'Also push the run''s figures and outcome to this Prometheus Pushgateway'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;maintain;weekly'= {
            cand --textfile 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)'
            cand --pushgateway 'Also push the run''s figures and outcome to this Prometheus Pushgateway'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --apply 'Apply the recommendations (after a confirmation, or --yes); without it they are only shown'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;maintain;help'= {
            cand daily 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)'
            cand weekly 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;maintain;help;daily'= {
        }
        &'swcache;maintain;help;weekly'= {
        }
        &'swcache;maintain;help;help'= {
        }
        &'swcache;incident'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand error-rate 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)'
            cand storage-quota 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;incident;error-rate'= {
            cand --textfile 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)'
            cand --pushgateway 'Also push the run''s figures and outcome to this Prometheus Pushgateway'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;incident;storage-quota'= {
            cand --recovery-wait 'How long to watch storage recover [default: incident.recovery_wait = 60s]'
            cand --limit 'How many of the largest entries to list [default: incident.large_entries_limit = 10]'
            cand --textfile 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)'
            cand --pushgateway 'Also push the run''s figures and outcome to this Prometheus Pushgateway'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;incident;help'= {
            cand error-rate 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)'
            cand storage-quota 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;incident;help;error-rate'= {
        }
        &'swcache;incident;help;storage-quota'= {
        }
        &'swcache;incident;help;help'= {
        }
        &'swcache;thresholds'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Every threshold in force and where its value came from (default, file, env, flag)'
            cand alerts 'Prometheus alerting rules (YAML) generated from the same thresholds'
            cand dashboard 'Grafana dashboard (JSON) with the guide''s panels and every KPI, its bounds as thresholds'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;thresholds;show'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;thresholds;alerts'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;thresholds;dashboard'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;thresholds;help'= {
            cand show 'Every threshold in force and where its value came from (default, file, env, flag)'
            cand alerts 'Prometheus alerting rules (YAML) generated from the same thresholds'
            cand dashboard 'Grafana dashboard (JSON) with the guide''s panels and every KPI, its bounds as thresholds'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;thresholds;help;show'= {
        }
        &'swcache;thresholds;help;alerts'= {
        }
        &'swcache;thresholds;help;dashboard'= {
        }
        &'swcache;thresholds;help;help'= {
        }
        &'swcache;config'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml'
            cand check 'Load the config as every command would and show each environment''s URL, token source and timeout (never a token); errors name the file and line (exit 78)'
            cand environments 'The config''s environment names, one per line (the shell completions of --env use it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;config;init'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --force 'Overwrite an existing file'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;config;check'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --online 'Also try each environment for real: the app answers, the token is accepted (a read), Prometheus answers every query, each webhook''s host resolves (nothing is written or sent)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;config;environments'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;config;help'= {
            cand init 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml'
            cand check 'Load the config as every command would and show each environment''s URL, token source and timeout (never a token); errors name the file and line (exit 78)'
            cand environments 'The config''s environment names, one per line (the shell completions of --env use it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;config;help;init'= {
        }
        &'swcache;config;help;check'= {
        }
        &'swcache;config;help;environments'= {
        }
        &'swcache;config;help;help'= {
        }
        &'swcache;audit'= {
            cand --since 'Only the writes of the last DURATION (e.g. 7d, 12h) [default: every one]'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;completions'= {
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;sandbox'= {
            cand --port 'Port on 127.0.0.1 (0 picks a free one)'
            cand --scenario 'Starting state'
            cand --scenario-file 'Scenario file (TOML or JSON): {"base": NAME, "state": {merge patch}, "faults": [...]}'
            cand --latency 'Latency added to every app request, e.g. 50ms'
            cand --fault 'Inject a fault: PATH[:key=value,...], e.g. /api/error-metrics:status=503,retry_after=2'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;probe'= {
            cand --deadline 'How long the browser may take, an update reaching its kept client included; past it the figures not read are UNKNOWN and the browser is ended'
            cand --url 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s'
            cand --env 'Named environment of the config file [env: SWCACHE_ENV]'
            cand --config 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]'
            cand --token-file 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]'
            cand --output 'Output format [env: SWCACHE_OUTPUT]'
            cand --timeout 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]'
            cand --sandbox-scenario 'Scenario for --sandbox (implies it)'
            cand --json 'Same as --output json: one JSON document on stdout'
            cand -y 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --yes 'Answer yes at confirmations (needed for writes without a terminal)'
            cand --dry-run 'Send only reads; print each write that would be sent'
            cand --no-notify 'Send no [notify] message (a rehearsal); --dry-run sends none either'
            cand --sandbox 'Run against the embedded sandbox app on an ephemeral loopback port'
            cand -q 'Quieter: only warnings and errors on stderr'
            cand --quiet 'Quieter: only warnings and errors on stderr'
            cand -v 'Louder: each request on stderr'
            cand --verbose 'Louder: each request on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'swcache;help'= {
            cand validate 'Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)'
            cand deploy 'The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy, verify what is served, post-deploy tests (replaces phases 1–2 of the guide)'
            cand rollout 'Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default enhanced-cache)'
            cand rollback 'Roll the enhanced cache back: now (emergency) or step by step, watched and resumable'
            cand maintain 'Daily and weekly cache maintenance, for cron'
            cand incident 'Incident response: high error rate, storage quota'
            cand thresholds 'The thresholds in force, and the alerting rules and Grafana dashboard made from them'
            cand config 'Write a commented config file, or check one and show its environments'
            cand audit 'Who changed what, when, from which host, with which command, and how the read-back went (the audit log in the state directory)'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand sandbox 'Serve the embedded sandbox app on loopback, with scenarios and fault injection'
            cand probe 'Open the app''s page in headless Chromium and report what a browser runs: the worker controlling the page, its precache, storage, the page offline, and whether an update reached this kept client'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'swcache;help;validate'= {
        }
        &'swcache;help;deploy'= {
        }
        &'swcache;help;rollout'= {
            cand status 'The flag''s state and the gate: every KPI with a threshold, the error rate, the bake time'
            cand set 'Set the rollout percentage (raising exposure shows the gate and asks first)'
            cand advance 'Move to the next step of the schedule, only when the gate is open'
            cand enable 'Turn the feature back on (after a rollback): at the schedule''s first step unless a percentage is given, only when the gate is open'
            cand disable 'Turn the feature off for everyone (the flag half of an emergency rollback)'
            cand run 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable'
            cand abort 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start'
            cand pause 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`'
            cand continue 'Let a paused `rollout run` go on'
        }
        &'swcache;help;rollout;status'= {
        }
        &'swcache;help;rollout;set'= {
        }
        &'swcache;help;rollout;advance'= {
        }
        &'swcache;help;rollout;enable'= {
        }
        &'swcache;help;rollout;disable'= {
        }
        &'swcache;help;rollout;run'= {
        }
        &'swcache;help;rollout;abort'= {
        }
        &'swcache;help;rollout;pause'= {
        }
        &'swcache;help;rollout;continue'= {
        }
        &'swcache;help;rollback'= {
            cand emergency 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)'
            cand planned 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)'
        }
        &'swcache;help;rollback;emergency'= {
        }
        &'swcache;help;rollback;planned'= {
        }
        &'swcache;help;maintain'= {
            cand daily 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)'
            cand weekly 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)'
        }
        &'swcache;help;maintain;daily'= {
        }
        &'swcache;help;maintain;weekly'= {
        }
        &'swcache;help;incident'= {
            cand error-rate 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)'
            cand storage-quota 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)'
        }
        &'swcache;help;incident;error-rate'= {
        }
        &'swcache;help;incident;storage-quota'= {
        }
        &'swcache;help;thresholds'= {
            cand show 'Every threshold in force and where its value came from (default, file, env, flag)'
            cand alerts 'Prometheus alerting rules (YAML) generated from the same thresholds'
            cand dashboard 'Grafana dashboard (JSON) with the guide''s panels and every KPI, its bounds as thresholds'
        }
        &'swcache;help;thresholds;show'= {
        }
        &'swcache;help;thresholds;alerts'= {
        }
        &'swcache;help;thresholds;dashboard'= {
        }
        &'swcache;help;config'= {
            cand init 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml'
            cand check 'Load the config as every command would and show each environment''s URL, token source and timeout (never a token); errors name the file and line (exit 78)'
            cand environments 'The config''s environment names, one per line (the shell completions of --env use it)'
        }
        &'swcache;help;config;init'= {
        }
        &'swcache;help;config;check'= {
        }
        &'swcache;help;config;environments'= {
        }
        &'swcache;help;audit'= {
        }
        &'swcache;help;completions'= {
        }
        &'swcache;help;sandbox'= {
        }
        &'swcache;help;probe'= {
        }
        &'swcache;help;help'= {
        }
    ]
    $completions[$command]
}
