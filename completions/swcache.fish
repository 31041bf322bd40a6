# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_swcache_global_optspecs
    string join \n url= env= config= token-file= output= json y/yes dry-run no-notify timeout= sandbox sandbox-scenario= q/quiet v/verbose h/help V/version
end

function __fish_swcache_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_swcache_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_swcache_using_subcommand
    set -l cmd (__fish_swcache_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c swcache -n "__fish_swcache_needs_command" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_needs_command" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_needs_command" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_needs_command" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_needs_command" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_needs_command" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_needs_command" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_needs_command" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_needs_command" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_needs_command" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_needs_command" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_needs_command" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_needs_command" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_needs_command" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_needs_command" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "validate" -d 'Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "deploy" -d 'The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy, verify what is served, post-deploy tests (replaces phases 1–2 of the guide)'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "rollout" -d 'Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default enhanced-cache)'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "rollback" -d 'Roll the enhanced cache back: now (emergency) or step by step, watched and resumable'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "maintain" -d 'Daily and weekly cache maintenance, for cron'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "incident" -d 'Incident response: high error rate, storage quota'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "thresholds" -d 'The thresholds in force, and the alerting rules and Grafana dashboard made from them'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "config" -d 'Write a commented config file, or check one and show its environments'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "audit" -d 'Who changed what, when, from which host, with which command, and how the read-back went (the audit log in the state directory)'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "sandbox" -d 'Serve the embedded sandbox app on loopback, with scenarios and fault injection'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "probe" -d 'Open the app\'s page in headless Chromium and report what a browser runs: the worker controlling the page, its precache, storage, the page offline, and whether an update reached this kept client'
complete -c swcache -n "__fish_swcache_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l max-error-rate -d 'Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]' -r
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l watch -d 'Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn in place with each figure\'s trend, elsewhere one JSON document per line; Ctrl-C ends it' -r
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l count -d 'With --watch: stop after N readings (the exit code is then the last reading\'s)' -r
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l precache -d 'Also fetch every entry of the worker\'s Workbox precache manifest from the edge: 2xx, no HTML standing in for a script, MD5 equal to its revision (once: not with --watch, whose every reading would fetch them all again)'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand validate" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l build-dir -d 'Where the artifact paths are relative to [default: [deploy] build_dir, else .]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l release -d 'Given to every step; the built and served worker must declare it [default: [deploy] release, else the built worker\'s SW_VERSION]' -r
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l verify-deadline -d 'How long to poll the served state before failing [default: [deploy] verify_deadline = 2m]' -r
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l skip-staging-gate -d 'Production emergencies: deploy without staging\'s verification and tests of the release; REASON goes to the audit log' -r
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l skip-build -d 'Don\'t build (artifacts built elsewhere); skips the Node.js and build tool checks'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l verify-only -d 'Run no step: only check the artifacts and verify what is served'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l allow-insecure -d 'Allow a plain-http production URL (loopback is always allowed)'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand deploy" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "status" -d 'The flag\'s state and the gate: every KPI with a threshold, the error rate, the bake time'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "set" -d 'Set the rollout percentage (raising exposure shows the gate and asks first)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "advance" -d 'Move to the next step of the schedule, only when the gate is open'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "enable" -d 'Turn the feature back on (after a rollback): at the schedule\'s first step unless a percentage is given, only when the gate is open'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "disable" -d 'Turn the feature off for everyone (the flag half of an emergency rollback)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "run" -d 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "abort" -d 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "pause" -d 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "continue" -d 'Let a paused `rollout run` go on'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and not __fish_seen_subcommand_from status set advance enable disable run abort pause continue help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l watch -d 'Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn in place with each figure\'s trend, elsewhere one JSON document per line; Ctrl-C ends it' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l count -d 'With --watch: stop after N readings (the exit code is then the last reading\'s)' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l groups -d 'Also set userGroups, comma-separated (e.g. beta-testers,premium-users)' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l min-bake -d 'Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default: [rollout] min_bake = 7d]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l force -d 'Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the bake time)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l schedule -d 'Rollout steps in percent, strictly increasing' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l max-error-rate -d 'Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l min-bake -d 'Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default: [rollout] min_bake = 7d]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l force -d 'Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the bake time)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from advance" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l schedule -d 'Rollout steps in percent, strictly increasing' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l force -d 'Enable even though the gate is held or UNKNOWN'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l schedule -d 'Rollout steps in percent, strictly increasing [default: 10,25,50,100]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l until -d 'Stop after this step (a percentage of the schedule) has passed' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l bake -d 'How long each step bakes while analysed [default: [rollout] min_bake = 7d]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l on-failure -d 'The rollback taken when analysis fails: planned (step down with soaks) or emergency (flag off, cache cleared, worker reverted) [default: [rollout] on_failure = planned]' -r -f -a "planned\t'`rollback planned`: step down from the current step with soaks'
emergency\t'`rollback emergency`: flag off, cache cleared, worker reverted'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l resume -d 'Continue the recorded run where it stopped, as recorded (schedule, --until, rollback path, bake, analysis); another --bake is asked about, other changes are refused'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l rollback -d 'Take this rollback after ending the run [default: none, the flag stays where it is]' -r -f -a "planned\t'`rollback planned`: step down from the current step with soaks'
emergency\t'`rollback emergency`: flag off, cache cleared, worker reverted'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from continue" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "status" -d 'The flag\'s state and the gate: every KPI with a threshold, the error rate, the bake time'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set the rollout percentage (raising exposure shows the gate and asks first)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "advance" -d 'Move to the next step of the schedule, only when the gate is open'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Turn the feature back on (after a rollback): at the schedule\'s first step unless a percentage is given, only when the gate is open'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Turn the feature off for everyone (the flag half of an emergency rollback)'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "run" -d 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "abort" -d 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "continue" -d 'Let a paused `rollout run` go on'
complete -c swcache -n "__fish_swcache_using_subcommand rollout; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -f -a "emergency" -d 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -f -a "planned" -d 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and not __fish_seen_subcommand_from emergency planned help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l verify-deadline -d 'How long to poll until the kill switch is served [default: [deploy] verify_deadline = 2m]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l wait-clients -d 'After the rollback, wait until this share of active clients is off the version served before it (clients_by_version of the app or Prometheus)' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l clients-deadline -d 'How long --wait-clients waits before it ends WARNING with the share reached' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l kill-switch -d 'Publish a kill-switch worker (run [steps.publish_worker] with SWCACHE_WORKER_FILE) instead of reverting: it takes over every client, deletes the app\'s caches and leaves clients network-only; verified by its SHA-256'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from emergency" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l steps -d 'Percentages to step down through; only those below the current one are used [default: rollback.steps = 50,25,10,0]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l step-wait -d 'Soak between steps, watching the error rate [default: rollback.step_wait = 5m]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l poll-interval -d 'How often the error rate is read during a soak [default: rollback.poll_interval = 15s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l resume -d 'Continue the recorded run from its last completed step (its plan, steps and soaks are the recorded ones: a --steps that differs is refused, a --step-wait that differs is shown and asked about)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l abandon -d 'End a stopped planned rollback on purpose (the flag stays where it is): `--resume` then refuses and a new rollback may start'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from planned" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from help" -f -a "emergency" -d 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from help" -f -a "planned" -d 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand rollback; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -f -a "daily" -d 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -f -a "weekly" -d 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and not __fish_seen_subcommand_from daily weekly help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l textfile -d 'Also write the run\'s figures and outcome as a node_exporter textfile (DIR/*.prom)' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l pushgateway -d 'Also push the run\'s figures and outcome to this Prometheus Pushgateway' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from daily" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l textfile -d 'Also write the run\'s figures and outcome as a node_exporter textfile (DIR/*.prom)' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l pushgateway -d 'Also push the run\'s figures and outcome to this Prometheus Pushgateway' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l apply -d 'Apply the recommendations (after a confirmation, or --yes); without it they are only shown'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from weekly" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from help" -f -a "daily" -d 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from help" -f -a "weekly" -d 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)'
complete -c swcache -n "__fish_swcache_using_subcommand maintain; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -f -a "error-rate" -d 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -f -a "storage-quota" -d 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and not __fish_seen_subcommand_from error-rate storage-quota help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l textfile -d 'Also write the run\'s figures and outcome as a node_exporter textfile (DIR/*.prom)' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l pushgateway -d 'Also push the run\'s figures and outcome to this Prometheus Pushgateway' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from error-rate" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l recovery-wait -d 'How long to watch storage recover [default: incident.recovery_wait = 60s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l limit -d 'How many of the largest entries to list [default: incident.large_entries_limit = 10]' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l textfile -d 'Also write the run\'s figures and outcome as a node_exporter textfile (DIR/*.prom)' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l pushgateway -d 'Also push the run\'s figures and outcome to this Prometheus Pushgateway' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from storage-quota" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from help" -f -a "error-rate" -d 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from help" -f -a "storage-quota" -d 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand incident; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -f -a "show" -d 'Every threshold in force and where its value came from (default, file, env, flag)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -f -a "alerts" -d 'Prometheus alerting rules (YAML) generated from the same thresholds'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -f -a "dashboard" -d 'Grafana dashboard (JSON) with the guide\'s panels and every KPI, its bounds as thresholds'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and not __fish_seen_subcommand_from show alerts dashboard help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from alerts" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from dashboard" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from help" -f -a "show" -d 'Every threshold in force and where its value came from (default, file, env, flag)'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'Prometheus alerting rules (YAML) generated from the same thresholds'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from help" -f -a "dashboard" -d 'Grafana dashboard (JSON) with the guide\'s panels and every KPI, its bounds as thresholds'
complete -c swcache -n "__fish_swcache_using_subcommand thresholds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -f -a "init" -d 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -f -a "check" -d 'Load the config as every command would and show each environment\'s URL, token source and timeout (never a token); errors name the file and line (exit 78)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -f -a "environments" -d 'The config\'s environment names, one per line (the shell completions of --env use it)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and not __fish_seen_subcommand_from init check environments help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Overwrite an existing file'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l online -d 'Also try each environment for real: the app answers, the token is accepted (a read), Prometheus answers every query, each webhook\'s host resolves (nothing is written or sent)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from environments" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Load the config as every command would and show each environment\'s URL, token source and timeout (never a token); errors name the file and line (exit 78)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "environments" -d 'The config\'s environment names, one per line (the shell completions of --env use it)'
complete -c swcache -n "__fish_swcache_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l since -d 'Only the writes of the last DURATION (e.g. 7d, 12h) [default: every one]' -r
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand audit" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand completions" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l port -d 'Port on 127.0.0.1 (0 picks a free one)' -r
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l scenario -d 'Starting state' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l scenario-file -d 'Scenario file (TOML or JSON): {"base": NAME, "state": {merge patch}, "faults": [...]}' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l latency -d 'Latency added to every app request, e.g. 50ms' -r
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l fault -d 'Inject a fault: PATH[:key=value,...], e.g. /api/error-metrics:status=503,retry_after=2' -r
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand sandbox" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l deadline -d 'How long the browser may take, an update reaching its kept client included; past it the figures not read are UNKNOWN and the browser is ended' -r
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l url -d 'Base URL of the app [env: SWCACHE_URL]; overrides the environment\'s' -r
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l env -d 'Named environment of the config file [env: SWCACHE_ENV]' -r -f -a "(swcache config environments 2>/dev/null)"
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l config -d 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user\'s config dir]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l token-file -d 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]' -r -F
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l output -d 'Output format [env: SWCACHE_OUTPUT]' -r -f -a "table\t'Tables for people (the default)'
json\t'One JSON document'
jsonl\t'The same document on one compact line, for appending to a log (JSON Lines)'"
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l timeout -d 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]' -r
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l sandbox-scenario -d 'Scenario for --sandbox (implies it)' -r -f -a "healthy\t''
storage-pressure\t''
storage-critical\t''
error-spike\t''
error-critical\t''
sync-backlog\t''
storage-stuck\t''
degraded-hit-rates\t''
cohort-healthy\t''
cohort-regression\t''
worker-redirect\t''
precache-missing\t''
precache-html-fallback\t''
worker-no-skip-waiting\t''"
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l json -d 'Same as --output json: one JSON document on stdout'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -s y -l yes -d 'Answer yes at confirmations (needed for writes without a terminal)'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l dry-run -d 'Send only reads; print each write that would be sent'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l no-notify -d 'Send no [notify] message (a rehearsal); --dry-run sends none either'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -l sandbox -d 'Run against the embedded sandbox app on an ephemeral loopback port'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -s q -l quiet -d 'Quieter: only warnings and errors on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -s v -l verbose -d 'Louder: each request on stderr'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c swcache -n "__fish_swcache_using_subcommand probe" -s V -l version -d 'Print version'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "validate" -d 'Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "deploy" -d 'The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy, verify what is served, post-deploy tests (replaces phases 1–2 of the guide)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "rollout" -d 'Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default enhanced-cache)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "rollback" -d 'Roll the enhanced cache back: now (emergency) or step by step, watched and resumable'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "maintain" -d 'Daily and weekly cache maintenance, for cron'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "incident" -d 'Incident response: high error rate, storage quota'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "thresholds" -d 'The thresholds in force, and the alerting rules and Grafana dashboard made from them'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "config" -d 'Write a commented config file, or check one and show its environments'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "audit" -d 'Who changed what, when, from which host, with which command, and how the read-back went (the audit log in the state directory)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "sandbox" -d 'Serve the embedded sandbox app on loopback, with scenarios and fault injection'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "probe" -d 'Open the app\'s page in headless Chromium and report what a browser runs: the worker controlling the page, its precache, storage, the page offline, and whether an update reached this kept client'
complete -c swcache -n "__fish_swcache_using_subcommand help; and not __fish_seen_subcommand_from validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "status" -d 'The flag\'s state and the gate: every KPI with a threshold, the error rate, the bake time'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "set" -d 'Set the rollout percentage (raising exposure shows the gate and asks first)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "advance" -d 'Move to the next step of the schedule, only when the gate is open'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "enable" -d 'Turn the feature back on (after a rollback): at the schedule\'s first step unless a percentage is given, only when the gate is open'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "disable" -d 'Turn the feature off for everyone (the flag half of an emergency rollback)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "run" -d 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "abort" -d 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "pause" -d 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollout" -f -a "continue" -d 'Let a paused `rollout run` go on'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollback" -f -a "emergency" -d 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from rollback" -f -a "planned" -d 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from maintain" -f -a "daily" -d 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from maintain" -f -a "weekly" -d 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from incident" -f -a "error-rate" -d 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from incident" -f -a "storage-quota" -d 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from thresholds" -f -a "show" -d 'Every threshold in force and where its value came from (default, file, env, flag)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from thresholds" -f -a "alerts" -d 'Prometheus alerting rules (YAML) generated from the same thresholds'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from thresholds" -f -a "dashboard" -d 'Grafana dashboard (JSON) with the guide\'s panels and every KPI, its bounds as thresholds'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Load the config as every command would and show each environment\'s URL, token source and timeout (never a token); errors name the file and line (exit 78)'
complete -c swcache -n "__fish_swcache_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "environments" -d 'The config\'s environment names, one per line (the shell completions of --env use it)'
