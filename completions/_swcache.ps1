
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'swcache' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'swcache'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'swcache' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy, verify what is served, post-deploy tests (replaces phases 1–2 of the guide)')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default enhanced-cache)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Roll the enhanced cache back: now (emergency) or step by step, watched and resumable')
            [CompletionResult]::new('maintain', 'maintain', [CompletionResultType]::ParameterValue, 'Daily and weekly cache maintenance, for cron')
            [CompletionResult]::new('incident', 'incident', [CompletionResultType]::ParameterValue, 'Incident response: high error rate, storage quota')
            [CompletionResult]::new('thresholds', 'thresholds', [CompletionResultType]::ParameterValue, 'The thresholds in force, and the alerting rules and Grafana dashboard made from them')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Write a commented config file, or check one and show its environments')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Who changed what, when, from which host, with which command, and how the read-back went (the audit log in the state directory)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Serve the embedded sandbox app on loopback, with scenarios and fault injection')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Open the app''s page in headless Chromium and report what a browser runs: the worker controlling the page, its precache, storage, the page offline, and whether an update reached this kept client')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;validate' {
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn in place with each figure''s trend, elsewhere one JSON document per line; Ctrl-C ends it')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'With --watch: stop after N readings (the exit code is then the last reading''s)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--precache', '--precache', [CompletionResultType]::ParameterName, 'Also fetch every entry of the worker''s Workbox precache manifest from the edge: 2xx, no HTML standing in for a script, MD5 equal to its revision (once: not with --watch, whose every reading would fetch them all again)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;deploy' {
            [CompletionResult]::new('--build-dir', '--build-dir', [CompletionResultType]::ParameterName, 'Where the artifact paths are relative to [default: [deploy] build_dir, else .]')
            [CompletionResult]::new('--release', '--release', [CompletionResultType]::ParameterName, 'Given to every step; the built and served worker must declare it [default: [deploy] release, else the built worker''s SW_VERSION]')
            [CompletionResult]::new('--verify-deadline', '--verify-deadline', [CompletionResultType]::ParameterName, 'How long to poll the served state before failing [default: [deploy] verify_deadline = 2m]')
            [CompletionResult]::new('--skip-staging-gate', '--skip-staging-gate', [CompletionResultType]::ParameterName, 'Production emergencies: deploy without staging''s verification and tests of the release; REASON goes to the audit log')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--skip-build', '--skip-build', [CompletionResultType]::ParameterName, 'Don''t build (artifacts built elsewhere); skips the Node.js and build tool checks')
            [CompletionResult]::new('--verify-only', '--verify-only', [CompletionResultType]::ParameterName, 'Run no step: only check the artifacts and verify what is served')
            [CompletionResult]::new('--allow-insecure', '--allow-insecure', [CompletionResultType]::ParameterName, 'Allow a plain-http production URL (loopback is always allowed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The flag''s state and the gate: every KPI with a threshold, the error rate, the bake time')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the rollout percentage (raising exposure shows the gate and asks first)')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Move to the next step of the schedule, only when the gate is open')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Turn the feature back on (after a rollback): at the schedule''s first step unless a percentage is given, only when the gate is open')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Turn the feature off for everyone (the flag half of an emergency rollback)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a paused `rollout run` go on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;rollout;status' {
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Read again every INTERVAL (at least 1s; default 5s): on a terminal the table is redrawn in place with each figure''s trend, elsewhere one JSON document per line; Ctrl-C ends it')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'With --watch: stop after N readings (the exit code is then the last reading''s)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;set' {
            [CompletionResult]::new('--groups', '--groups', [CompletionResultType]::ParameterName, 'Also set userGroups, comma-separated (e.g. beta-testers,premium-users)')
            [CompletionResult]::new('--min-bake', '--min-bake', [CompletionResultType]::ParameterName, 'Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default: [rollout] min_bake = 7d]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the bake time)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;advance' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Rollout steps in percent, strictly increasing')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when the error rate (percent) is above this [default: thresholds.max_error_rate = 5]')
            [CompletionResult]::new('--min-bake', '--min-bake', [CompletionResultType]::ParameterName, 'Minimum time at the current step before raising exposure, e.g. 7d, 36h, 0s [default: [rollout] min_bake = 7d]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Raise exposure even though the gate is held or UNKNOWN (a KPI, the error rate or the bake time)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;enable' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Rollout steps in percent, strictly increasing')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Enable even though the gate is held or UNKNOWN')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;disable' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;run' {
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Rollout steps in percent, strictly increasing [default: 10,25,50,100]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Stop after this step (a percentage of the schedule) has passed')
            [CompletionResult]::new('--bake', '--bake', [CompletionResultType]::ParameterName, 'How long each step bakes while analysed [default: [rollout] min_bake = 7d]')
            [CompletionResult]::new('--on-failure', '--on-failure', [CompletionResultType]::ParameterName, 'The rollback taken when analysis fails: planned (step down with soaks) or emergency (flag off, cache cleared, worker reverted) [default: [rollout] on_failure = planned]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue the recorded run where it stopped, as recorded (schedule, --until, rollback path, bake, analysis); another --bake is asked about, other changes are refused')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;abort' {
            [CompletionResult]::new('--rollback', '--rollback', [CompletionResultType]::ParameterName, 'Take this rollback after ending the run [default: none, the flag stays where it is]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;pause' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;continue' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollout;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The flag''s state and the gate: every KPI with a threshold, the error rate, the bake time')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the rollout percentage (raising exposure shows the gate and asks first)')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Move to the next step of the schedule, only when the gate is open')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Turn the feature back on (after a rollback): at the schedule''s first step unless a percentage is given, only when the gate is open')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Turn the feature off for everyone (the flag half of an emergency rollback)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a paused `rollout run` go on')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;rollout;help;status' {
            break
        }
        'swcache;rollout;help;set' {
            break
        }
        'swcache;rollout;help;advance' {
            break
        }
        'swcache;rollout;help;enable' {
            break
        }
        'swcache;rollout;help;disable' {
            break
        }
        'swcache;rollout;help;run' {
            break
        }
        'swcache;rollout;help;abort' {
            break
        }
        'swcache;rollout;help;pause' {
            break
        }
        'swcache;rollout;help;continue' {
            break
        }
        'swcache;rollout;help;help' {
            break
        }
        'swcache;rollback' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('emergency', 'emergency', [CompletionResultType]::ParameterValue, 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)')
            [CompletionResult]::new('planned', 'planned', [CompletionResultType]::ParameterValue, 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;rollback;emergency' {
            [CompletionResult]::new('--verify-deadline', '--verify-deadline', [CompletionResultType]::ParameterName, 'How long to poll until the kill switch is served [default: [deploy] verify_deadline = 2m]')
            [CompletionResult]::new('--wait-clients', '--wait-clients', [CompletionResultType]::ParameterName, 'After the rollback, wait until this share of active clients is off the version served before it (clients_by_version of the app or Prometheus)')
            [CompletionResult]::new('--clients-deadline', '--clients-deadline', [CompletionResultType]::ParameterName, 'How long --wait-clients waits before it ends WARNING with the share reached')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--kill-switch', '--kill-switch', [CompletionResultType]::ParameterName, 'Publish a kill-switch worker (run [steps.publish_worker] with SWCACHE_WORKER_FILE) instead of reverting: it takes over every client, deletes the app''s caches and leaves clients network-only; verified by its SHA-256')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollback;planned' {
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'Percentages to step down through; only those below the current one are used [default: rollback.steps = 50,25,10,0]')
            [CompletionResult]::new('--step-wait', '--step-wait', [CompletionResultType]::ParameterName, 'Soak between steps, watching the error rate [default: rollback.step_wait = 5m]')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'How often the error rate is read during a soak [default: rollback.poll_interval = 15s]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue the recorded run from its last completed step (its plan, steps and soaks are the recorded ones: a --steps that differs is refused, a --step-wait that differs is shown and asked about)')
            [CompletionResult]::new('--abandon', '--abandon', [CompletionResultType]::ParameterName, 'End a stopped planned rollback on purpose (the flag stays where it is): `--resume` then refuses and a new rollback may start')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;rollback;help' {
            [CompletionResult]::new('emergency', 'emergency', [CompletionResultType]::ParameterValue, 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)')
            [CompletionResult]::new('planned', 'planned', [CompletionResultType]::ParameterValue, 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;rollback;help;emergency' {
            break
        }
        'swcache;rollback;help;planned' {
            break
        }
        'swcache;rollback;help;help' {
            break
        }
        'swcache;maintain' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('daily', 'daily', [CompletionResultType]::ParameterValue, 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)')
            [CompletionResult]::new('weekly', 'weekly', [CompletionResultType]::ParameterValue, 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;maintain;daily' {
            [CompletionResult]::new('--textfile', '--textfile', [CompletionResultType]::ParameterName, 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Also push the run''s figures and outcome to this Prometheus Pushgateway')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;maintain;weekly' {
            [CompletionResult]::new('--textfile', '--textfile', [CompletionResultType]::ParameterName, 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Also push the run''s figures and outcome to this Prometheus Pushgateway')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Apply the recommendations (after a confirmation, or --yes); without it they are only shown')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;maintain;help' {
            [CompletionResult]::new('daily', 'daily', [CompletionResultType]::ParameterValue, 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)')
            [CompletionResult]::new('weekly', 'weekly', [CompletionResultType]::ParameterValue, 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;maintain;help;daily' {
            break
        }
        'swcache;maintain;help;weekly' {
            break
        }
        'swcache;maintain;help;help' {
            break
        }
        'swcache;incident' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('error-rate', 'error-rate', [CompletionResultType]::ParameterValue, 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)')
            [CompletionResult]::new('storage-quota', 'storage-quota', [CompletionResultType]::ParameterValue, 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;incident;error-rate' {
            [CompletionResult]::new('--textfile', '--textfile', [CompletionResultType]::ParameterName, 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Also push the run''s figures and outcome to this Prometheus Pushgateway')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;incident;storage-quota' {
            [CompletionResult]::new('--recovery-wait', '--recovery-wait', [CompletionResultType]::ParameterName, 'How long to watch storage recover [default: incident.recovery_wait = 60s]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many of the largest entries to list [default: incident.large_entries_limit = 10]')
            [CompletionResult]::new('--textfile', '--textfile', [CompletionResultType]::ParameterName, 'Also write the run''s figures and outcome as a node_exporter textfile (DIR/*.prom)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Also push the run''s figures and outcome to this Prometheus Pushgateway')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;incident;help' {
            [CompletionResult]::new('error-rate', 'error-rate', [CompletionResultType]::ParameterValue, 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)')
            [CompletionResult]::new('storage-quota', 'storage-quota', [CompletionResultType]::ParameterValue, 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;incident;help;error-rate' {
            break
        }
        'swcache;incident;help;storage-quota' {
            break
        }
        'swcache;incident;help;help' {
            break
        }
        'swcache;thresholds' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Every threshold in force and where its value came from (default, file, env, flag)')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Prometheus alerting rules (YAML) generated from the same thresholds')
            [CompletionResult]::new('dashboard', 'dashboard', [CompletionResultType]::ParameterValue, 'Grafana dashboard (JSON) with the guide''s panels and every KPI, its bounds as thresholds')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;thresholds;show' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;thresholds;alerts' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;thresholds;dashboard' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;thresholds;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Every threshold in force and where its value came from (default, file, env, flag)')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Prometheus alerting rules (YAML) generated from the same thresholds')
            [CompletionResult]::new('dashboard', 'dashboard', [CompletionResultType]::ParameterValue, 'Grafana dashboard (JSON) with the guide''s panels and every KPI, its bounds as thresholds')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;thresholds;help;show' {
            break
        }
        'swcache;thresholds;help;alerts' {
            break
        }
        'swcache;thresholds;help;dashboard' {
            break
        }
        'swcache;thresholds;help;help' {
            break
        }
        'swcache;config' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Load the config as every command would and show each environment''s URL, token source and timeout (never a token); errors name the file and line (exit 78)')
            [CompletionResult]::new('environments', 'environments', [CompletionResultType]::ParameterValue, 'The config''s environment names, one per line (the shell completions of --env use it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;config;init' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;config;check' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Also try each environment for real: the app answers, the token is accepted (a read), Prometheus answers every query, each webhook''s host resolves (nothing is written or sent)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;config;environments' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Load the config as every command would and show each environment''s URL, token source and timeout (never a token); errors name the file and line (exit 78)')
            [CompletionResult]::new('environments', 'environments', [CompletionResultType]::ParameterValue, 'The config''s environment names, one per line (the shell completions of --env use it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;config;help;init' {
            break
        }
        'swcache;config;help;check' {
            break
        }
        'swcache;config;help;environments' {
            break
        }
        'swcache;config;help;help' {
            break
        }
        'swcache;audit' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only the writes of the last DURATION (e.g. 7d, 12h) [default: every one]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;completions' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;sandbox' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port on 127.0.0.1 (0 picks a free one)')
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'Starting state')
            [CompletionResult]::new('--scenario-file', '--scenario-file', [CompletionResultType]::ParameterName, 'Scenario file (TOML or JSON): {"base": NAME, "state": {merge patch}, "faults": [...]}')
            [CompletionResult]::new('--latency', '--latency', [CompletionResultType]::ParameterName, 'Latency added to every app request, e.g. 50ms')
            [CompletionResult]::new('--fault', '--fault', [CompletionResultType]::ParameterName, 'Inject a fault: PATH[:key=value,...], e.g. /api/error-metrics:status=503,retry_after=2')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;probe' {
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'How long the browser may take, an update reaching its kept client included; past it the figures not read are UNKNOWN and the browser is ended')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the app [env: SWCACHE_URL]; overrides the environment''s')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Named environment of the config file [env: SWCACHE_ENV]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: SWCACHE_CONFIG; default ./swcache.toml, then the user''s config dir]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the bearer token for /api/admin/* [else env SWCACHE_TOKEN or ADMIN_TOKEN]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [env: SWCACHE_OUTPUT]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline per request, e.g. 10s, 500ms [env: SWCACHE_TIMEOUT; default 10s]')
            [CompletionResult]::new('--sandbox-scenario', '--sandbox-scenario', [CompletionResultType]::ParameterName, 'Scenario for --sandbox (implies it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --output json: one JSON document on stdout')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes at confirmations (needed for writes without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send only reads; print each write that would be sent')
            [CompletionResult]::new('--no-notify', '--no-notify', [CompletionResultType]::ParameterName, 'Send no [notify] message (a rehearsal); --dry-run sends none either')
            [CompletionResult]::new('--sandbox', '--sandbox', [CompletionResultType]::ParameterName, 'Run against the embedded sandbox app on an ephemeral loopback port')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Quieter: only warnings and errors on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Louder: each request on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'swcache;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Validate the served worker, the cache KPIs and the error rate (replaces validate-rollback.sh)')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'The deploy pipeline: build, validate, (production: staging gate, tag, migrate) deploy, verify what is served, post-deploy tests (replaces phases 1–2 of the guide)')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Read, set, advance, enable or disable the rollout feature flag ([rollout] flag, default enhanced-cache)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Roll the enhanced cache back: now (emergency) or step by step, watched and resumable')
            [CompletionResult]::new('maintain', 'maintain', [CompletionResultType]::ParameterValue, 'Daily and weekly cache maintenance, for cron')
            [CompletionResult]::new('incident', 'incident', [CompletionResultType]::ParameterValue, 'Incident response: high error rate, storage quota')
            [CompletionResult]::new('thresholds', 'thresholds', [CompletionResultType]::ParameterValue, 'The thresholds in force, and the alerting rules and Grafana dashboard made from them')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Write a commented config file, or check one and show its environments')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Who changed what, when, from which host, with which command, and how the read-back went (the audit log in the state directory)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Serve the embedded sandbox app on loopback, with scenarios and fault injection')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Open the app''s page in headless Chromium and report what a browser runs: the worker controlling the page, its precache, storage, the page offline, and whether an update reached this kept client')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'swcache;help;validate' {
            break
        }
        'swcache;help;deploy' {
            break
        }
        'swcache;help;rollout' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The flag''s state and the gate: every KPI with a threshold, the error rate, the bake time')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the rollout percentage (raising exposure shows the gate and asks first)')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Move to the next step of the schedule, only when the gate is open')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Turn the feature back on (after a rollback): at the schedule''s first step unless a percentage is given, only when the gate is open')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Turn the feature off for everyone (the flag half of an emergency rollback)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Drive the whole schedule: set each step, bake it while analysing the figures, advance when the analysis passes, roll back when it fails; resumable')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'End an unfinished `rollout run` on purpose: the flag stays where it is, or --rollback takes that rollback; `--resume` then refuses and a new run may start')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Hold a live `rollout run` (from any machine sharing its state) at its next safe point: the step stays, the bake clock stops, until `rollout continue`')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a paused `rollout run` go on')
            break
        }
        'swcache;help;rollout;status' {
            break
        }
        'swcache;help;rollout;set' {
            break
        }
        'swcache;help;rollout;advance' {
            break
        }
        'swcache;help;rollout;enable' {
            break
        }
        'swcache;help;rollout;disable' {
            break
        }
        'swcache;help;rollout;run' {
            break
        }
        'swcache;help;rollout;abort' {
            break
        }
        'swcache;help;rollout;pause' {
            break
        }
        'swcache;help;rollout;continue' {
            break
        }
        'swcache;help;rollback' {
            [CompletionResult]::new('emergency', 'emergency', [CompletionResultType]::ParameterValue, 'Disable the flag, clear the SW cache, run the revert_worker step (or publish the kill switch), verify the served worker changed (replaces emergency-rollback.sh)')
            [CompletionResult]::new('planned', 'planned', [CompletionResultType]::ParameterValue, 'Step the rollout down (never up) with a watched soak between steps, then the redeploy and database_rollback steps, then validate; resumable (replaces planned-rollback.sh)')
            break
        }
        'swcache;help;rollback;emergency' {
            break
        }
        'swcache;help;rollback;planned' {
            break
        }
        'swcache;help;maintain' {
            [CompletionResult]::new('daily', 'daily', [CompletionResultType]::ParameterValue, 'Storage (cleanup above 80 %), hit rates, sync queue (replaces daily-cache-maintenance.sh)')
            [CompletionResult]::new('weekly', 'weekly', [CompletionResultType]::ParameterValue, 'Weekly report, usage analytics, TTL/cleanup recommendations (replaces weekly-cache-analysis.sh and optimize-cache-strategies.py)')
            break
        }
        'swcache;help;maintain;daily' {
            break
        }
        'swcache;help;maintain;weekly' {
            break
        }
        'swcache;help;incident' {
            [CompletionResult]::new('error-rate', 'error-rate', [CompletionResultType]::ParameterValue, 'Assess the error rate, then the decision matrix: above 10 % emergency rollback, above 5 % cut the rollout to min(current, 25 %) (replaces incident-high-error-rate.sh)')
            [CompletionResult]::new('storage-quota', 'storage-quota', [CompletionResultType]::ParameterValue, 'Emergency cleanup, storage breakdown, largest entries, tighter limits, watch recovery (replaces incident-storage-quota.sh)')
            break
        }
        'swcache;help;incident;error-rate' {
            break
        }
        'swcache;help;incident;storage-quota' {
            break
        }
        'swcache;help;thresholds' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Every threshold in force and where its value came from (default, file, env, flag)')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Prometheus alerting rules (YAML) generated from the same thresholds')
            [CompletionResult]::new('dashboard', 'dashboard', [CompletionResultType]::ParameterValue, 'Grafana dashboard (JSON) with the guide''s panels and every KPI, its bounds as thresholds')
            break
        }
        'swcache;help;thresholds;show' {
            break
        }
        'swcache;help;thresholds;alerts' {
            break
        }
        'swcache;help;thresholds;dashboard' {
            break
        }
        'swcache;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented config: the URL and environment from --url and --env, else asked on a terminal; to --config PATH, $SWCACHE_CONFIG or ./swcache.toml')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Load the config as every command would and show each environment''s URL, token source and timeout (never a token); errors name the file and line (exit 78)')
            [CompletionResult]::new('environments', 'environments', [CompletionResultType]::ParameterValue, 'The config''s environment names, one per line (the shell completions of --env use it)')
            break
        }
        'swcache;help;config;init' {
            break
        }
        'swcache;help;config;check' {
            break
        }
        'swcache;help;config;environments' {
            break
        }
        'swcache;help;audit' {
            break
        }
        'swcache;help;completions' {
            break
        }
        'swcache;help;sandbox' {
            break
        }
        'swcache;help;probe' {
            break
        }
        'swcache;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
